// The origins behind the real proxies, all on 127.0.0.1 ephemeral ports:
// - `http`: /ok 200, /slow answers after SLOW_ANSWER_MS (longer than every proxy's 1 s read
//   timeout), /error500 and /error503 (the origin's own 5xx), /probe-fail 500 (a health check
//   that always fails, for the "sick" backends);
// - `reset`: accepts, reads the request, then resets the connection (RST, no answer);
// - `refused`: a port that was bound and closed again, so connecting is refused.
// close() destroys every socket still open (the slow answers in flight included).
import http from "node:http";
import net from "node:net";

/** Every proxy is configured with a 1 s first-byte / read / server timeout. */
export const PROXY_TIMEOUT_S = 1;
/** How long /slow waits before answering: well past the proxies' timeout. */
export const SLOW_ANSWER_MS = 2_500;

export interface Origins {
  httpPort: number;
  resetPort: number;
  refusedPort: number;
  /** Requests the http origin received, by path (health checks included). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

function track(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address && typeof address === "object") resolve(address.port);
      else reject(new Error("no port"));
    });
  });
}

function httpOrigin(hits: Map<string, number>, timers: Set<NodeJS.Timeout>): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = (status: number, body: string) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (path.endsWith("/ok")) return answer(200, "ok\n");
    if (path.endsWith("/slow")) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(200, "finally\n");
      }, SLOW_ANSWER_MS);
      timers.add(timer);
      return;
    }
    if (path.endsWith("/error500")) return answer(500, "origin failed\n");
    if (path.endsWith("/error503")) return answer(503, "origin overloaded\n");
    if (path === "/probe-fail") return answer(500, "unhealthy\n");
    return answer(404, "no such page\n");
  });
}

/** Reads until the end of the request head, then resets the connection without answering. */
function resetOrigin(): net.Server {
  return net.createServer((socket) => {
    socket.on("error", () => undefined);
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      if (head.includes("\r\n\r\n")) socket.resetAndDestroy();
    });
  });
}

export async function startOrigins(): Promise<Origins> {
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const httpServer = httpOrigin(hits, timers);
  const resetServer = resetOrigin();
  const closeHttp = track(httpServer);
  const closeReset = track(resetServer);
  const httpPort = await listen(httpServer);
  const resetPort = await listen(resetServer);
  const refused = net.createServer();
  const refusedPort = await listen(refused);
  await new Promise<void>((resolve) => refused.close(() => resolve()));
  return {
    httpPort,
    resetPort,
    refusedPort,
    hits,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([closeHttp(), closeReset()]);
    },
  };
}
