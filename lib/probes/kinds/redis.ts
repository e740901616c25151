// Redis: PING (timed) and INFO: connected and blocked clients, used memory against maxmemory,
// evictions per second and rejected connections since the previous run. Speaks RESP itself over
// a socket opened through the egress policy (no driver). AUTH first when the URL has a password;
// a refused password, or NOAUTH for a missing one, is auth_failed.
import { z } from "zod";
import { addCounters, DELTA_SUFFIX, plural } from "@/lib/probes/capacity";
import { SocketExchange, type AnswerParser } from "@/lib/probes/service/exchange";
import { AuthFailedError, ProtocolError, runServiceCheck, type ServiceReading } from "@/lib/probes/service/session";
import { SERVICE_URLS, parseServiceUrl, serviceUrlField, serviceUrlTarget } from "@/lib/probes/service/url";
import { failed } from "@/lib/probes/result";
import type { ProbeKind, ProbeSignals } from "@/lib/probes/types";

const { schemes: SCHEMES, port: DEFAULT_PORT } = SERVICE_URLS.redis;

export const RedisProbeConfig = z.object({
  url: serviceUrlField(SCHEMES, DEFAULT_PORT).describe("redis://[USER]:PASSWORD@HOST:PORT"),
  memoryPercent: z.number("memoryPercent must be a number").min(1).max(100).default(90).describe("used memory above this share of maxmemory is trouble"),
  maxBlockedClients: z.int("maxBlockedClients must be a whole number").min(0).default(0),
  maxEvictionsPerSecond: z.number("maxEvictionsPerSecond must be a number").min(0).default(100),
});
export type RedisProbeConfig = z.output<typeof RedisProbeConfig>;

type Reply = { kind: "ok"; text: string } | { kind: "error"; text: string };

/** One RESP reply: simple string, error, integer or bulk string (all that PING, AUTH and INFO answer). */
export const parseReply: AnswerParser<Reply> = (buffer) => {
  const eol = buffer.indexOf("\r\n");
  if (eol < 0) return undefined;
  const head = buffer.subarray(1, eol).toString("utf8");
  switch (String.fromCharCode(buffer[0] ?? 0)) {
    case "+":
    case ":":
      return { value: { kind: "ok", text: head }, used: eol + 2 };
    case "-":
      return { value: { kind: "error", text: head }, used: eol + 2 };
    case "$": {
      const length = Number(head);
      if (length < 0) return { value: { kind: "ok", text: "" }, used: eol + 2 };
      if (buffer.length < eol + 2 + length + 2) return undefined;
      return { value: { kind: "ok", text: buffer.subarray(eol + 2, eol + 2 + length).toString("utf8") }, used: eol + 2 + length + 2 };
    }
    default:
      throw new ProtocolError("not a Redis server (the answer is not RESP)");
  }
};

const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

export const redisProbe: ProbeKind<RedisProbeConfig> = {
  id: "redis",
  configSchema: RedisProbeConfig,
  async check(config, ctx) {
    const startedAt = ctx.now();
    const parsed = parseServiceUrl(config.url, SCHEMES, DEFAULT_PORT);
    if (!parsed.ok) return failed(startedAt, ctx.now, "invalid_config", parsed.reason);
    const url = parsed.url;
    return runServiceCheck(url, ctx, async ({ socket }) => {
      const exchange = new SocketExchange(socket);
      if (url.password !== undefined && url.password !== "") {
        const auth = await exchange.ask(url.user ? command("AUTH", url.user, url.password) : command("AUTH", url.password), parseReply);
        if (auth.kind === "error") throw new AuthFailedError(auth.text);
      }
      const pingStarted = ctx.now();
      const pong = await exchange.ask(command("PING"), parseReply);
      const pingMs = ctx.now() - pingStarted;
      if (pong.kind === "error") {
        if (/^(NOAUTH|WRONGPASS)/.test(pong.text)) throw new AuthFailedError(pong.text);
        throw new Error(pong.text);
      }
      const info = await exchange.ask(command("INFO"), parseReply);
      if (info.kind === "error") throw new Error(info.text);
      return interpretRedisInfo(info.text, pingMs, ctx.previous, config);
    });
  },
  targets: (config) => serviceUrlTarget(config.url, SCHEMES, DEFAULT_PORT),
};

export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

export function interpretRedisInfo(text: string, pingMs: number, previous: ProbeSignals | undefined, config: RedisProbeConfig): ServiceReading {
  const info = parseInfo(text);
  const num = (key: string) => Number(info[key] ?? 0) || 0;
  if (info.redis_version === undefined && info.connected_clients === undefined) throw new ProtocolError("INFO did not look like Redis's");
  const signals: ProbeSignals = {
    pingMs,
    connectedClients: num("connected_clients"),
    blockedClients: num("blocked_clients"),
    usedMemory: num("used_memory"),
    maxMemory: num("maxmemory"),
    maxClients: num("maxclients"),
  };
  addCounters(signals, { evicted_keys: num("evicted_keys"), rejected_connections: num("rejected_connections"), uptime_in_seconds: num("uptime_in_seconds") }, previous);
  const evicted = signals["evicted_keys" + DELTA_SUFFIX];
  const elapsed = signals["uptime_in_seconds" + DELTA_SUFFIX];
  const evictionsPerSecond = typeof evicted === "number" && typeof elapsed === "number" && elapsed > 0 ? Math.round((evicted / elapsed) * 10) / 10 : 0;
  signals.evictionsPerSecond = evictionsPerSecond;
  const rejected = signals["rejected_connections" + DELTA_SUFFIX];
  const newRejected = typeof rejected === "number" ? rejected : 0;
  const memoryPercent = signals.maxMemory ? Math.round((num("used_memory") / num("maxmemory")) * 1000) / 10 : 0;
  signals.memoryUsedPercent = memoryPercent;

  const notes: string[] = [];
  if (memoryPercent > config.memoryPercent) notes.push(`${memoryPercent} % of maxmemory used`);
  if (num("blocked_clients") > config.maxBlockedClients) notes.push(`${plural(num("blocked_clients"), "client")} blocked`);
  if (evictionsPerSecond > config.maxEvictionsPerSecond) notes.push(`${evictionsPerSecond} evictions per second`);
  if (newRejected > 0) notes.push(`${plural(newRejected, "connection")} rejected since last probe`);
  signals.saturated = notes.length > 0;
  signals.verdict = signals.saturated ? "trouble" : "healthy";
  const load = `${num("connected_clients")} clients, PING ${pingMs} ms`;
  return { signals, summary: notes.length > 0 ? `Redis: ${notes.join("; ")} (${load})` : `Redis: ${load}` };
}
