/**
 * A body over the limit (issue 16, defect 4) is answered 413 without cutting the upload short: the server reads
 * and discards up to a bound, then replies, so the socket is not reset under a proxy still sending, and a load
 * balancer's passive health check (a reset counts as a failure) is never tripped by a client.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.ts";

describe("oversized bodies", () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t?.close());

  /** Sends `size` bytes as the body and reports the status and whether the upload was cut (EPIPE/ECONNRESET). */
  function upload(size: number, keepAlive: boolean) {
    return new Promise<{ status: number; error: string | null; sent: number; keptOpen: boolean }>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let received = "";
      let error: string | null = null;
      let sent = 0;
      socket.on("data", (d) => {
        received += d.toString();
      });
      socket.on("error", (err: NodeJS.ErrnoException) => {
        error = err.code ?? err.message;
      });
      socket.on("connect", async () => {
        socket.write(
          `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n` +
            `Connection: ${keepAlive ? "keep-alive" : "close"}\r\n\r\n`,
        );
        // The server sees the headers alone first and may answer at once, as it does behind a proxy.
        await new Promise((r) => setTimeout(r, 200));
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        while (sent < size && !error && !socket.destroyed) {
          const n = Math.min(chunk.length, size - sent);
          const ok = socket.write(chunk.subarray(0, n));
          sent += n;
          if (!ok) await new Promise((r) => socket.once("drain", r));
        }
        // Give the server the time to answer, then see whether the connection is still usable.
        await new Promise((r) => setTimeout(r, 300));
        const keptOpen = !socket.destroyed && !error;
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
        socket.destroy();
        resolve({ status, error, sent, keptOpen });
      });
    });
  }

  it("answers 413 to a 2 MB body and reads it whole, with no reset", async () => {
    for (const keepAlive of [true, false]) {
      const r = await upload(2 * 1024 * 1024, keepAlive);
      expect(r, `keep-alive ${keepAlive}`).toMatchObject({ status: 413, error: null, sent: 2 * 1024 * 1024 });
    }
  });

  it("answers 413 to a 20 MB body and reads it whole, with no reset", async () => {
    const r = await upload(20 * 1024 * 1024, true);
    expect(r).toMatchObject({ status: 413, error: null, sent: 20 * 1024 * 1024 });
  });
});
