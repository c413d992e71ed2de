// The baseline: node:http answering the same JSON as the app's trivial authenticated route, with nothing else.
import { createServer } from "node:http";

const body = JSON.stringify({ ok: true, role: "owner" });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
