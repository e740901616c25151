// bench:notify's yardstick: the same number of POSTs, at the same concurrency, to the same
// receivers, from a bare keep-alive HTTP client: no database, no signing, no bookkeeping. What
// the notifier's figures are worth on this machine is their ratio to these.
import { Agent, request } from "node:http";

export async function bareClient(url: string, count: number, concurrency: number, channels: number, bodyBytes: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxFreeSockets: concurrency, scheduling: "lifo" });
  const body = Buffer.from(JSON.stringify({ text: "x".repeat(Math.max(0, bodyBytes - 12)) }));
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const req = request(`${url}/c${i % channels}`, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": String(body.length), "webhook-id": `bare_${i}` } }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await one(next++);
    }),
  );
  agent.destroy();
}
