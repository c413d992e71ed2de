/**
 * Graceful shutdown of the HTTP server behind a load balancer (issue 16, defect 5). On SIGTERM:
 * - stop listening, but do NOT close idle keep-alive connections at once (Node's server.close() would): the
 *   balancer may be writing a request on one at that very moment, and would see it reset;
 * - every request already received, and every request arriving on an open connection, is answered normally, with
 *   `Connection: close`, so the balancer retires that connection after the response;
 * - a connection idle for IDLE_CLOSE_MS is closed by us: longer than the balancer's own idle timeout for upstream
 *   connections (deploy/nginx.conf: keepalive_timeout 4s), so the balancer has closed it first and no request can
 *   be in flight on it;
 * - past `maxMs`, whatever is left is closed, so the process exits within its deadline.
 */
import type { Server, ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";

export const IDLE_CLOSE_MS = 5_000;

interface Tracked {
  active: Set<ServerResponse>;
  idleSince: number;
}

export interface Drainer {
  /** True once draining began: responses then carry `Connection: close`. */
  readonly draining: boolean;
  /** Resolves when every connection has ended (or `maxMs` passed and the rest were closed). */
  drain(maxMs: number): Promise<{ ms: number; forced: number }>;
}

export function trackConnections(server: Server, idleCloseMs = IDLE_CLOSE_MS): Drainer {
  const sockets = new Map<Socket, Tracked>();
  let draining = false;
  server.on("connection", (socket: Socket) => {
    sockets.set(socket, { active: new Set(), idleSince: Date.now() });
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("request", (req, res: ServerResponse) => {
    const t = sockets.get(req.socket);
    if (!t) return;
    t.active.add(res);
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      t.active.delete(res);
      t.idleSince = Date.now();
    });
  });
  return {
    get draining() {
      return draining;
    },
    async drain(maxMs) {
      const started = Date.now();
      draining = true;
      for (const t of sockets.values()) {
        for (const res of t.active) if (!res.headersSent) res.setHeader("connection", "close");
      }
      // net.Server's close stops accepting without http.Server's closeIdleConnections() (see the top of file).
      NetServer.prototype.close.call(server);
      let forced = 0;
      while (sockets.size) {
        const now = Date.now();
        const late = now - started >= maxMs;
        for (const [socket, t] of sockets) {
          if (late || (t.active.size === 0 && now - t.idleSince >= idleCloseMs)) {
            if (late && t.active.size > 0) forced++;
            socket.destroy();
            sockets.delete(socket);
          }
        }
        if (sockets.size) await new Promise((r) => setTimeout(r, 50));
      }
      return { ms: Date.now() - started, forced };
    },
  };
}
