// memcached: `stats` over the ASCII protocol (spoken here, no driver): connections against the
// limit, evictions and "listen disabled" events (the connection limit was hit and accept paused)
// since the previous run. memcached has no credentials in its text protocol.
import { z } from "zod";
import { addCounters, DELTA_SUFFIX, plural } from "@/lib/probes/capacity";
import { SocketExchange, type AnswerParser } from "@/lib/probes/service/exchange";
import { ProtocolError, runServiceCheck, type ServiceReading } from "@/lib/probes/service/session";
import { SERVICE_URLS, parseServiceUrl, serviceUrlField, serviceUrlTarget } from "@/lib/probes/service/url";
import { failed } from "@/lib/probes/result";
import type { ProbeKind, ProbeSignals } from "@/lib/probes/types";

const { schemes: SCHEMES, port: DEFAULT_PORT } = SERVICE_URLS.memcached;

export const MemcachedProbeConfig = z.object({
  url: serviceUrlField(SCHEMES, DEFAULT_PORT).describe("memcached://HOST:PORT"),
  connectionsPercent: z.number("connectionsPercent must be a number").min(1).max(100).default(90),
  maxEvictionsPerSecond: z.number("maxEvictionsPerSecond must be a number").min(0).default(100),
});
export type MemcachedProbeConfig = z.output<typeof MemcachedProbeConfig>;

/** "STAT name value" lines up to "END". */
export const parseStats: AnswerParser<Record<string, string>> = (buffer) => {
  const text = buffer.toString("latin1");
  if (/^(ERROR|CLIENT_ERROR|SERVER_ERROR)/.test(text)) throw new ProtocolError(`stats failed: ${text.split("\r\n")[0]}`);
  if (text.length > 0 && !text.startsWith("STAT ") && !text.startsWith("END")) throw new ProtocolError("not a memcached server");
  const end = text.indexOf("END\r\n");
  if (end < 0) return undefined;
  const stats: Record<string, string> = {};
  for (const line of text.slice(0, end).split("\r\n")) {
    const [tag, name, ...value] = line.split(" ");
    if (tag === "STAT" && name) stats[name] = value.join(" ");
  }
  return { value: stats, used: end + 5 };
};

export const memcachedProbe: ProbeKind<MemcachedProbeConfig> = {
  id: "memcached",
  configSchema: MemcachedProbeConfig,
  async check(config, ctx) {
    const startedAt = ctx.now();
    const parsed = parseServiceUrl(config.url, SCHEMES, DEFAULT_PORT);
    if (!parsed.ok) return failed(startedAt, ctx.now, "invalid_config", parsed.reason);
    return runServiceCheck(parsed.url, ctx, async ({ socket }) => {
      const stats = await new SocketExchange(socket).ask("stats\r\n", parseStats);
      return interpretMemcachedStats(stats, ctx.previous, config);
    });
  },
  targets: (config) => serviceUrlTarget(config.url, SCHEMES, DEFAULT_PORT),
};

export function interpretMemcachedStats(stats: Record<string, string>, previous: ProbeSignals | undefined, config: MemcachedProbeConfig): ServiceReading {
  const num = (key: string) => Number(stats[key] ?? 0) || 0;
  if (stats.version === undefined) throw new ProtocolError("stats did not look like memcached's");
  const signals: ProbeSignals = { connections: num("curr_connections"), maxConnections: num("max_connections"), version: stats.version };
  addCounters(signals, { evictions: num("evictions"), listen_disabled_num: num("listen_disabled_num"), uptime: num("uptime") }, previous);
  const evicted = signals["evictions" + DELTA_SUFFIX];
  const elapsed = signals["uptime" + DELTA_SUFFIX];
  signals.evictionsPerSecond = typeof evicted === "number" && typeof elapsed === "number" && elapsed > 0 ? Math.round((evicted / elapsed) * 10) / 10 : 0;
  const listenDisabled = signals["listen_disabled_num" + DELTA_SUFFIX];
  const usedPercent = signals.maxConnections ? Math.round((num("curr_connections") / num("max_connections")) * 1000) / 10 : 0;
  signals.connectionsUsedPercent = usedPercent;

  const notes: string[] = [];
  if (usedPercent > config.connectionsPercent) notes.push(`${usedPercent} % of max connections in use`);
  if (typeof listenDisabled === "number" && listenDisabled > 0) notes.push(`stopped accepting connections ${plural(listenDisabled, "time")} since last probe`);
  if (signals.evictionsPerSecond > config.maxEvictionsPerSecond) notes.push(`${signals.evictionsPerSecond} evictions per second`);
  signals.saturated = notes.length > 0;
  signals.verdict = signals.saturated ? "trouble" : "healthy";
  const load = `${num("curr_connections")} of ${num("max_connections")} connections`;
  return { signals, summary: notes.length > 0 ? `memcached: ${notes.join("; ")} (${load})` : `memcached: ${load}` };
}
