// Child process of `npm run bench:probes`: a handful of cheap HTTP origins on 127.0.0.1 answering
// 200 to /t/<probe index>. While recording, it notes when each probe's request arrived, so the
// parent can count double runs from what the origins saw, not from what a scheduler says it did.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type TargetsMessage = { type: "ready"; ports: number[] } | { type: "hits"; index: number[]; at: number[] };
export type TargetsCommand = { type: "record"; on: boolean } | { type: "dump" } | { type: "stop" };

const count = Number(process.argv[2] ?? "8");
let recording = false;
let hitIndex: number[] = [];
let hitAt: number[] = [];

const servers = Array.from({ length: count }, () =>
  http.createServer((req, res) => {
    if (recording) {
      const index = Number((req.url ?? "").slice(3));
      if (Number.isInteger(index)) {
        hitIndex.push(index);
        hitAt.push(Date.now());
      }
    }
    res.end("ok");
  }),
);

function send(message: TargetsMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once("error", reject);
          server.listen(0, "127.0.0.1", 4096, () => resolve((server.address() as AddressInfo).port));
        }),
    ),
  );
  process.on("message", (raw: TargetsCommand) => {
    if (raw.type === "record") recording = raw.on;
    if (raw.type === "dump") {
      send({ type: "hits", index: hitIndex, at: hitAt });
      hitIndex = [];
      hitAt = [];
    }
    if (raw.type === "stop") {
      for (const server of servers) server.closeAllConnections();
      Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))).then(() => process.exit(0));
    }
  });
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", ports });
}

void main();
