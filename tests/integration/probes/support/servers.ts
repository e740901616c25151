// Real local servers for the probe integration tests: each listens on 127.0.0.1 with an ephemeral
// port and close() tears down every socket it accepted, so no test leaves anything running.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import assert from "node:assert/strict";
import type { ProbeContext, ProbeResult, ProbeSignals } from "@/lib/probes/types";

export interface RunningServer {
  port: number;
  url(path?: string, scheme?: "http" | "https"): string;
  close(): Promise<void>;
}

type Listener = http.Server | https.Server | net.Server;

async function listen(server: Listener): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  assert.ok(address && typeof address === "object");
  const port = address.port;
  return {
    port,
    url: (path = "/", scheme = "http") => `${scheme}://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startHttpOrigin(handler: http.RequestListener): Promise<RunningServer> {
  return listen(http.createServer(handler));
}

export function startHttpsOrigin(tls: { key: string; cert: string }, handler: http.RequestListener): Promise<RunningServer> {
  return listen(https.createServer(tls, handler));
}

/** A bare TCP server, for origins that do not speak HTTP properly. */
export function startTcpOrigin(onSocket: (socket: net.Socket) => void): Promise<RunningServer> {
  return listen(
    net.createServer((socket) => {
      socket.on("error", () => undefined); // the probe may reset us; that is the point
      onSocket(socket);
    }),
  );
}

/** A port that was just open and is now closed, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await listen(net.createServer());
  await server.close();
  return server.port;
}

export function probeContext(timeoutMs: number, options: { previous?: ProbeSignals; signal?: AbortSignal } = {}): ProbeContext {
  return {
    timeoutMs,
    signal: options.signal ?? new AbortController().signal,
    now: () => Date.now(),
    previous: options.previous,
  };
}

/** Slack allowed past the timeout for the result to arrive. */
export const RESULT_SLACK_MS = 500;

export async function timed(run: () => Promise<ProbeResult>): Promise<{ result: ProbeResult; wallMs: number }> {
  const started = Date.now();
  const result = await run();
  return { result, wallMs: Date.now() - started };
}

export function assertFailure(result: ProbeResult, errorClass: ProbeResult["errorClass"], message?: RegExp): void {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  assert.equal(result.errorClass, errorClass, `message: ${result.message}`);
  if (message) assert.match(result.message ?? "", message);
}
