/** Raw HTTP/1.1 over a socket, for tests that must control exactly when each byte of a request is sent. */
import { connect, type Socket } from "node:net";

/** Reads one HTTP response (headers and a Content-Length body) from a socket. */
export function readResponse(socket: Socket): Promise<{ status: number; headers: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const done = (closed: boolean) => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf);
      if (!m)
        return reject(new Error(`no response (${closed ? "connection closed" : "incomplete"}): ${buf.slice(0, 80)}`));
      cleanup();
      resolve({ status: Number(m[1]), headers: buf.slice(0, buf.indexOf("\r\n\r\n")), closed });
    };
    const onData = (d: Buffer) => {
      buf += d.toString();
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
      if (buf.length >= end + 4 + len) done(false);
    };
    const onClose = () => done(true);
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
    };
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.once("error", onError);
  });
}

/** A TCP connection to the loopback port, once connected. */
export const openSocket = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
