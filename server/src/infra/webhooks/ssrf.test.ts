import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "./http.ts";
import {
  checkWebhookUrl,
  forbiddenReason,
  guardedLookup,
  parseAllowList,
  type Resolver,
  resolveAllowed,
  UrlNotAllowedError,
} from "./ssrf.ts";

const none = parseAllowList("");
/** A fake DNS: tests never ask real DNS servers. */
const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const addrs = table[host];
    if (!addrs) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addrs.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const REFUSED: [string, string][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.254", "private"],
  ["192.168.1.10", "private"],
  ["169.254.169.254", "link-local (cloud metadata)"],
  ["169.254.1.1", "link-local"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "this network"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["100.64.0.1", "CGNAT"],
  ["100.127.255.254", "CGNAT"],
  ["192.0.2.10", "documentation"],
  ["240.0.0.1", "reserved"],
  ["::1", "IPv6 loopback"],
  ["::", "IPv6 unspecified"],
  ["fc00::1", "unique local"],
  ["fd12:3456::1", "unique local"],
  ["fe80::1", "IPv6 link-local"],
  ["ff02::1", "IPv6 multicast"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
  ["::ffff:a9fe:a9fe", "IPv4-mapped metadata in hex"],
  ["::10.0.0.1", "IPv4-compatible private"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["2001:db8::1", "IPv6 documentation"],
];

describe("SSRF guard", () => {
  it.each(REFUSED)("refuses %s (%s)", async (address) => {
    expect(forbiddenReason(address)).not.toBeNull();
    const host = address.includes(":") ? `[${address}]` : address;
    await expect(checkWebhookUrl(`https://${host}/hook`, { allow: none })).rejects.toThrow(UrlNotAllowedError);
  });

  it.each(REFUSED)("refuses a DNS name resolving to %s (%s)", async (address) => {
    const resolve = fakeDns({ "hooks.example.com": [address] });
    await expect(checkWebhookUrl("https://hooks.example.com/x", { allow: none, resolve })).rejects.toThrow(
      /not allowed/,
    );
  });

  it("accepts public unicast addresses, IPv4 and IPv6, on any port", async () => {
    for (const a of ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(forbiddenReason(a), a).toBeNull();
    }
    const resolve = fakeDns({ "hooks.example.com": ["93.184.216.34", "2606:4700::6810:84e5"] });
    const url = await checkWebhookUrl("http://hooks.example.com:8443/in", { allow: none, resolve });
    expect(url.port).toBe("8443");
  });

  it("refuses a name when any one of its addresses is forbidden", async () => {
    const resolve = fakeDns({ "mixed.example.com": ["93.184.216.34", "10.1.2.3"] });
    await expect(resolveAllowed("mixed.example.com", { allow: none, resolve })).rejects.toThrow(/10\.1\.2\.3/);
  });

  it("refuses other schemes and credentials, and accepts names that do not resolve yet", async () => {
    for (const u of ["ftp://example.com/", "file:///etc/passwd", "gopher://x/", "javascript:alert(1)", "nope"]) {
      await expect(checkWebhookUrl(u, { allow: none, resolve: fakeDns({}) }), u).rejects.toThrow(UrlNotAllowedError);
    }
    await expect(checkWebhookUrl("https://u:p@example.com/", { allow: none })).rejects.toThrow(/credentials/);
    await expect(
      checkWebhookUrl("https://later.example.com/", { allow: none, resolve: fakeDns({}) }),
    ).resolves.toBeTruthy();
  });

  it("allows private targets named in WEBHOOK_ALLOW_HOSTS by host, address or CIDR", async () => {
    const allow = parseAllowList(" 127.0.0.1, 10.20.0.0/16 ,internal.local,[fd00::/8]");
    const resolve = fakeDns({
      "internal.local": ["10.99.0.1"],
      "other.local": ["10.20.3.4"],
      "bad.local": ["10.21.0.1"],
    });
    await expect(checkWebhookUrl("http://127.0.0.1:9000/", { allow })).resolves.toBeTruthy();
    await expect(checkWebhookUrl("http://[::ffff:127.0.0.1]/", { allow })).resolves.toBeTruthy();
    await expect(checkWebhookUrl("http://127.0.0.2/", { allow })).rejects.toThrow();
    await expect(checkWebhookUrl("http://internal.local/", { allow, resolve })).resolves.toBeTruthy();
    await expect(checkWebhookUrl("http://other.local/", { allow, resolve })).resolves.toBeTruthy();
    await expect(checkWebhookUrl("http://bad.local/", { allow, resolve })).rejects.toThrow();
    await expect(checkWebhookUrl("http://[fd00::5]/", { allow })).resolves.toBeTruthy();
  });

  it("the connection-time lookup refuses what DNS answers now, not what it answered at registration", async () => {
    const table: Record<string, string[]> = { "rebind.example.com": ["93.184.216.34"] };
    const lookup = guardedLookup({ allow: none, resolve: fakeDns(table) });
    const ask = () =>
      new Promise<{ err: Error | null; addrs: unknown }>((resolve) =>
        lookup("rebind.example.com", { all: true }, (err, addrs) => resolve({ err, addrs })),
      );
    expect((await ask()).addrs).toEqual([{ address: "93.184.216.34", family: 4 }]);
    table["rebind.example.com"] = ["169.254.169.254"];
    expect((await ask()).err?.message).toMatch(/169\.254\.169\.254/);
  });
});

describe("HTTP delivery through the guard", () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  const loopback = parseAllowList("127.0.0.1");

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      req.resume();
      if (req.url === "/redirect") {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
      } else if (req.url === "/redirect-private") {
        res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.writeHead(200).end(), 2_000);
      } else {
        res.writeHead(204).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("does not follow redirects, to a private address or anywhere else", async () => {
    hits.length = 0;
    const r1 = await postJson(`http://127.0.0.1:${port}/redirect-private`, "{}", {
      allow: loopback,
      timeoutMs: 5_000,
      headers: {},
    });
    expect(r1).toMatchObject({ ok: false, statusCode: 307 });
    expect(r1.error).toMatch(/redirect .* not followed/);
    const r2 = await postJson(`http://127.0.0.1:${port}/redirect`, "{}", {
      allow: loopback,
      timeoutMs: 5_000,
      headers: {},
    });
    expect(r2).toMatchObject({ ok: false, statusCode: 302 });
    expect(hits).toEqual(["/redirect-private", "/redirect"]);
  });

  it("refuses loopback unless allowed, and connects only to the checked address", async () => {
    hits.length = 0;
    const refused = await postJson(`http://127.0.0.1:${port}/x`, "{}", { allow: none, timeoutMs: 5_000, headers: {} });
    expect(refused).toMatchObject({ ok: false, statusCode: null });
    const viaName = await postJson(`http://receiver.test:${port}/x`, "{}", {
      allow: none,
      resolve: fakeDns({ "receiver.test": ["127.0.0.1"] }),
      timeoutMs: 5_000,
      headers: {},
    });
    expect(viaName.error).toMatch(/127\.0\.0\.1 is not allowed/);
    expect(hits).toEqual([]);
    const allowed = await postJson(`http://receiver.test:${port}/ok`, "{}", {
      allow: loopback,
      resolve: fakeDns({ "receiver.test": ["127.0.0.1"] }),
      timeoutMs: 5_000,
      headers: {},
    });
    expect(allowed).toMatchObject({ ok: true, statusCode: 204, error: null });
    expect(hits).toEqual(["/ok"]);
  });

  it("gives up after the timeout", async () => {
    const r = await postJson(`http://127.0.0.1:${port}/slow`, "{}", { allow: loopback, timeoutMs: 200, headers: {} });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/timed out/);
    expect(r.durationMs).toBeLessThan(1_500);
  });
});
