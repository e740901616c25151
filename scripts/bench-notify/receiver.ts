// bench:notify's webhook receivers, in a process of their own (as real receivers are on other
// machines): the sender's process does not pay for parsing the requests it sends. Answers every
// request after --delay ms. Over IPC: "count"; "report" sends back each request's webhook-id and
// the time (ms since the epoch, sub-millisecond) its body was read, and starts a new record.
// Exits with its parent.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const delay = Number(process.argv[2] ?? 200);
const received: { id: string; at: number }[] = [];
const now = () => performance.timeOrigin + performance.now();

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received.push({ id: String(req.headers["webhook-id"]), at: now() });
    setTimeout(() => res.writeHead(204).end(), delay);
  });
});
server.maxConnections = 100_000;
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on("message", (m: { op: string }) => {
  if (m.op === "count") process.send!({ count: received.length });
  if (m.op === "report") process.send!({ received: received.splice(0) });
});
process.on("disconnect", () => process.exit(0));
