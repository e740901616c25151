// Probe kinds in words: labels, what each needs, and a one-line description of a probe's target.
import type { ProbeKindId } from "@/lib/probes/types";
import type { ProbeView } from "@/lib/backends/probe-schemas";

export interface KindGuide {
  label: string;
  hint: string;
  /** Capacity probes read a status page: reachable and readable is ok, saturation is reported. */
  capacity: boolean;
  /** The usual path of the status page, for the URL placeholder. */
  path?: string;
  /** Database and cache kinds: the shape of their connection URL, for the placeholder. */
  urlShape?: string;
}

export const PROBE_KIND_GUIDES: Record<ProbeKindId, KindGuide> = {
  http: { label: "HTTP / HTTPS", hint: "Requests a URL and expects a status, like a Varnish probe. https:// URLs are checked over TLS.", capacity: false },
  tcp: { label: "TCP connect", hint: "Opens a TCP connection to host:port and closes it: is anything listening?", capacity: false },
  phpfpm: {
    label: "PHP-FPM status",
    hint: "Reads the pool's pm.status_path (add ?json). Reports queued requests and every time max_children was reached.",
    capacity: true,
    path: "/fpm-status?json",
  },
  nginx_status: {
    label: "nginx stub_status",
    hint: "Reads stub_status. Reports connections nginx accepted but dropped (worker_connections reached).",
    capacity: true,
    path: "/nginx_status",
  },
  varnish_stats: {
    label: "Varnish stats",
    hint: "Reads varnishstat -j served over HTTP. Reports busy and unhealthy backends, failed fetches and thread limits.",
    capacity: true,
    path: "/varnishstat.json",
  },
  haproxy_stats: {
    label: "HAProxy stats",
    hint: "Reads the stats page as CSV (…/stats;csv). Reports server state, queues, session limits and 5xx counters.",
    capacity: true,
    path: "/stats;csv",
  },
  postgres: {
    label: "PostgreSQL",
    hint: "Connects and reads pg_stat_activity and pg_locks: lock waits, queries running over 10 s, connections, standby lag. A role with pg_monitor is enough; the password is write-only.",
    capacity: true,
    urlShape: "postgresql://watch:PASSWORD@db.internal:5432/postgres",
  },
  mysql: {
    label: "MySQL / MariaDB",
    hint: "Connects and reads the process list, InnoDB lock waits and connection counters. A user with PROCESS is enough; the password is write-only.",
    capacity: true,
    urlShape: "mysql://watch:PASSWORD@db.internal:3306/",
  },
  redis: {
    label: "Redis",
    hint: "PING and INFO: clients, blocked clients, memory against maxmemory, evictions and rejected connections.",
    capacity: true,
    urlShape: "redis://:PASSWORD@cache.internal:6379",
  },
  memcached: {
    label: "memcached",
    hint: "stats: connections against the limit, evictions, and times it stopped accepting connections.",
    capacity: true,
    urlShape: "memcached://cache.internal:11211",
  },
};

export const PROBE_KIND_OPTIONS = (Object.keys(PROBE_KIND_GUIDES) as ProbeKindId[]).map((k) => ({ value: k, label: PROBE_KIND_GUIDES[k].label }));

const str = (v: unknown) => (typeof v === "string" ? v : null);

/** "HTTPS", "HTTP", "TCP", "PHP-FPM status", ... for one probe (an http probe's scheme decides). */
export function probeLabel(p: Pick<ProbeView, "kind" | "config">): string {
  if (p.kind === "http") return str(p.config.url)?.startsWith("https:") ? "HTTPS" : "HTTP";
  if (p.kind === "tcp") return "TCP";
  return PROBE_KIND_GUIDES[p.kind].label;
}

/** What the probe talks to: the URL, or host:port. */
export function probeTarget(p: Pick<ProbeView, "kind" | "config">): string {
  if (p.kind === "tcp") {
    const host = str(p.config.host) ?? "?";
    const port = typeof p.config.port === "number" ? p.config.port : "?";
    return `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
  }
  return str(p.config.url) ?? "—";
}

/** An http probe's expected statuses, "200" or "200-299, 301". */
export function expectedStatusText(config: Record<string, unknown>): string {
  const list = Array.isArray(config.expectedStatus) ? config.expectedStatus : [200];
  return list.map(String).join(", ");
}

/** host and port out of a backend address ("10.0.0.5:8080", "[::1]:80", "app.internal:3000"). */
export function splitAddress(address: string | null): { host: string; port: string } {
  if (!address) return { host: "", port: "" };
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(address);
  if (v6) return { host: v6[1]!, port: v6[2]! };
  const m = /^([^:]+):(\d+)$/.exec(address);
  if (m) return { host: m[1]!, port: m[2]! };
  return { host: address, port: "" };
}
