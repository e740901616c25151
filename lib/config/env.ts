// Every environment variable the app reads, parsed once, here. Nothing deeper in lib/ reads
// process.env: configuration is passed in. The README's table lists the same variables. Two
// exceptions, on purpose: the entry points (lib/cli/main.ts) hand process.env to what they run,
// and lib/version.ts reads ORIGINWATCH_VERSION as the literal `process.env.ORIGINWATCH_VERSION`,
// which next.config.ts bakes into the build (a lookup through a map would not be replaced).
import { resolve } from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { parseCidr, type Cidr } from "@/lib/ip/cidr";

/** The environment as a plain map (tests pass literals; Next types process.env more strictly). */
export type Env = Record<string, string | undefined>;

export type DatabaseConfig = { mode: "postgres"; url: string } | { mode: "embedded"; dataDir: string };

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgresql:" || url.protocol === "postgres:") && url.hostname !== "";
    } catch {
      return false;
    }
  },
  { message: "must look like postgresql://USER:PASSWORD@HOST:5432/DATABASE" },
);

export function databaseConfig(env: Env = process.env): DatabaseConfig {
  const raw = env.DATABASE_URL?.trim();
  if (raw) {
    const parsed = postgresUrl.safeParse(raw);
    if (!parsed.success) {
      throw new AppError(
        "config",
        `DATABASE_URL is not a PostgreSQL URL (${redactUrl(raw)}): it ${parsed.error.issues[0]?.message}. Fix it, or unset it to use the embedded database.`,
      );
    }
    return { mode: "postgres", url: parsed.data };
  }
  return { mode: "embedded", dataDir: resolve(/*turbopackIgnore: true*/ env.DATA_DIR?.trim() || "./data") };
}

/**
 * The embedded database's buffer cache, in MB (PostgreSQL's shared_buffers; PGlite's own default is
 * 128 MB, held in the server's memory for good). Its files stay in the operating system's page cache
 * either way, so a small cache costs little speed on an installation the embedded database suits.
 */
export function embeddedSharedBuffersMb(env: Env = process.env): number {
  return positiveInt("EMBEDDED_SHARED_BUFFERS_MB", 32, env);
}

/** Hides a password in a URL before it is printed. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
}

export interface AuthConfig {
  secret: string;
  url?: string;
  github?: { clientId: string; clientSecret: string };
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
}

export const MIN_SECRET_BYTES = 32;

export function authConfig(env: Env = process.env): AuthConfig {
  const secret = env.NEXTAUTH_SECRET?.trim() ?? "";
  // scripts/start.mjs persists a generated secret for the embedded quick start; anywhere else a
  // production server without one would sign sessions with a guessable key.
  if (!secret && env.NODE_ENV === "production") {
    throw new AppError("config", "NEXTAUTH_SECRET is not set. Set it to a long random string, e.g. `openssl rand -base64 32`.");
  }
  // The secret signs every session cookie: a short one can be guessed offline from any cookie.
  const bytes = Buffer.byteLength(secret, "utf8");
  if (env.NODE_ENV === "production" && bytes < MIN_SECRET_BYTES) {
    throw new AppError(
      "config",
      `NEXTAUTH_SECRET is too short (${bytes} bytes; at least ${MIN_SECRET_BYTES} are needed). Make one with \`openssl rand -base64 32\` and restart.`,
    );
  }
  const cfg: AuthConfig = { secret: secret || "originwatch-development-secret", url: env.NEXTAUTH_URL?.trim() || undefined };
  if (env.GITHUB_ID && env.GITHUB_SECRET) cfg.github = { clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET };
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    cfg.oidc = {
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      name: env.OIDC_NAME || "Single sign-on",
    };
  }
  return cfg;
}

/**
 * Which X-Forwarded-For entries to believe (lib/http/client-ip.ts). none: only the socket's
 * peer; hops: that many reverse proxies stand in front; cidrs: peers in these ranges are proxies.
 */
export type TrustedProxies =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "cidrs"; ranges: Cidr[] };

export function trustedProxiesConfig(env: Env = process.env): TrustedProxies {
  const raw = env.TRUSTED_PROXIES?.trim();
  if (!raw) return { kind: "none" };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return hops === 0 ? { kind: "none" } : { kind: "hops", hops };
  }
  const ranges = [];
  for (const entry of raw.split(/[\s,]+/).filter(Boolean)) {
    const range = parseCidr(entry);
    if (!range) {
      throw new AppError(
        "config",
        `TRUSTED_PROXIES: "${entry}" is not an address or CIDR range. Use a list like "10.0.0.0/8, ::1", or the number of proxies in front of the server (e.g. 1).`,
      );
    }
    ranges.push(range);
  }
  return { kind: "cidrs", ranges };
}

export interface IngestConfig {
  /** Largest request body accepted, after gzip decoding. */
  maxBodyBytes: number;
  /** Sustained lines per second one source may send (bursts of twice that pass). */
  maxLinesPerSecond: number;
  /** Lines in one batch: bounds the per-line memory of a body of many tiny lines. */
  maxLinesPerBatch: number;
  /** A token in the `header_Authorization` query parameter needs TLS (production). */
  queryTokenNeedsTls: boolean;
}

const positiveInt = (name: string, fallback: number, env: Env): number => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new AppError("config", `${name}=${raw} is not a positive whole number.`);
  return n;
};

/** Real log lines run 100-400 bytes; one line per 64 bytes of the body cap leaves room for short ones. */
const BYTES_PER_LINE_FLOOR = 64;

export function ingestConfig(env: Env = process.env): IngestConfig {
  const maxBodyBytes = positiveInt("INGEST_MAX_BODY_BYTES", 32 * 1024 * 1024, env);
  return {
    maxBodyBytes,
    maxLinesPerSecond: positiveInt("INGEST_MAX_LINES_PER_SECOND", 500_000, env),
    maxLinesPerBatch: positiveInt("INGEST_MAX_LINES_PER_BATCH", Math.max(1000, Math.floor(maxBodyBytes / BYTES_PER_LINE_FLOOR)), env),
    queryTokenNeedsTls: env.NODE_ENV === "production",
  };
}

export interface ProbeSchedulerConfig {
  /** Probes one process runs at once. */
  concurrency: number;
}

/** ORIGINWATCH_WORKER=off: this web server leaves background work to `npm run worker` processes. */
export function workerConfig(env: Env = process.env): { inProcess: boolean } {
  return { inProcess: env.ORIGINWATCH_WORKER !== "off" };
}

export type LogLevel = "debug" | "info" | "warn" | "error";
const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** LOG_LEVEL; anything else is "info". */
export function logLevelConfig(env: Env = process.env): LogLevel {
  return LOG_LEVELS.find((l) => l === env.LOG_LEVEL) ?? "info";
}

/** Where the app's files are (prisma/migrations): ORIGINWATCH_ROOT, else the working directory. */
export function appRootConfig(env: Env = process.env): string {
  return env.ORIGINWATCH_ROOT ?? process.cwd();
}

export function probeSchedulerConfig(env: Env = process.env): ProbeSchedulerConfig {
  return { concurrency: positiveInt("PROBE_CONCURRENCY", 256, env) };
}

export function retentionConfig(env: Env = process.env): {
  sampleDays: number;
  minuteDays: number;
  hourDays: number;
  probeResultDays: number;
  probeRollupDays: number;
} {
  return {
    sampleDays: positiveInt("RETENTION_SAMPLE_DAYS", 14, env),
    minuteDays: positiveInt("RETENTION_MINUTE_DAYS", 30, env),
    hourDays: positiveInt("RETENTION_HOUR_DAYS", 400, env),
    probeResultDays: positiveInt("RETENTION_PROBE_RESULT_DAYS", 14, env),
    probeRollupDays: positiveInt("RETENTION_PROBE_ROLLUP_DAYS", 30, env),
  };
}

export interface HeadersConfig {
  /** `next dev`: the page policy must let React's dev tooling eval (lib/security/headers.ts). */
  dev: boolean;
  /** NEXTAUTH_URL is https: browsers are told to stay on https (HSTS). */
  https: boolean;
}

export function headersConfig(env: Env = process.env): HeadersConfig {
  return { dev: env.NODE_ENV === "development", https: /^https:\/\//i.test(env.NEXTAUTH_URL?.trim() ?? "") };
}

export interface EgressConfig {
  /** Ranges the operator re-allows (canonical CIDR text), e.g. a metadata address on purpose. */
  allow: string[];
  /** Ranges the operator denies on top of the built-in ones, e.g. 127.0.0.0/8. */
  deny: string[];
}

/** A comma-separated list of CIDR ranges (a bare address is a /32 or /128); junk stops start-up naming the variable. */
function cidrs(name: string, env: Env): Cidr[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => {
      const cidr = parseCidr(item);
      if (!cidr) throw new AppError("config", `${name}: "${item.slice(0, 60)}" is not an IP range; write ranges as CIDRs, e.g. 10.0.0.0/8,fd00::/8.`);
      return cidr;
    });
}

function cidrList(name: string, env: Env): string[] {
  return cidrs(name, env).map((c) => c.text);
}

/** EGRESS_ALLOW / EGRESS_DENY: comma-separated CIDR lists (a bare address is a /32 or /128). */
export function egressConfig(env: Env = process.env): EgressConfig {
  return { allow: cidrList("EGRESS_ALLOW", env), deny: cidrList("EGRESS_DENY", env) };
}

/**
 * METRICS_ALLOW: addresses that may scrape /metrics without a token, as a comma-separated CIDR
 * list (`10.0.0.0/8, 127.0.0.1, ::1/128`; a bare address is a /32 or /128). Unset: none.
 */
export function metricsConfig(env: Env = process.env): { allow: Cidr[] } {
  return { allow: cidrs("METRICS_ALLOW", env) };
}

export interface BackendStatusConfig {
  windowMs: number;
  errorShare: number;
  minRequests: number;
  staleIntervals: number;
}

/**
 * A backend's status thresholds (lib/backends/status.ts): failing when its 5xx share over the last
 * BACKEND_STATUS_WINDOW_MINUTES is above BACKEND_FAILING_5XX_PERCENT with at least
 * BACKEND_FAILING_MIN_REQUESTS requests; a probe silent for PROBE_STALE_INTERVALS intervals is stale.
 */
export function backendStatusConfig(env: Env = process.env): BackendStatusConfig {
  const raw = env.BACKEND_FAILING_5XX_PERCENT?.trim();
  const percent = raw ? Number(raw) : 5;
  if (!Number.isFinite(percent) || percent < 0 || percent >= 100) {
    throw new AppError("config", `BACKEND_FAILING_5XX_PERCENT=${raw} is not a percentage between 0 and 100 (e.g. 5 or 2.5).`);
  }
  return {
    windowMs: positiveInt("BACKEND_STATUS_WINDOW_MINUTES", 5, env) * 60_000,
    errorShare: percent / 100,
    minRequests: positiveInt("BACKEND_FAILING_MIN_REQUESTS", 20, env),
    staleIntervals: positiveInt("PROBE_STALE_INTERVALS", 3, env),
  };
}

export interface NotifyConfig {
  /** NOTIFY_GROUP_WAIT_SECONDS (30; 0 sends at once): an opened incident waits this long so every rule firing on it is in one message. */
  groupWaitMs: number;
  /** NOTIFY_REPEAT_INTERVAL_SECONDS (14400 = 4 h; 0 = no reminders): reminders while an incident stays unacknowledged. */
  repeatIntervalMs: number;
  /** NOTIFY_CONCURRENCY (64): requests one process sends at once. */
  concurrency: number;
  /** Links in messages: NEXTAUTH_URL, else http://localhost:PORT. */
  baseUrl: string;
}

const nonNegativeInt = (name: string, fallback: number, env: Env): number => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new AppError("config", `${name}=${raw} is not a whole number of seconds (0 or more).`);
  return n;
};

export function notifyConfig(env: Env = process.env): NotifyConfig {
  return {
    groupWaitMs: nonNegativeInt("NOTIFY_GROUP_WAIT_SECONDS", 30, env) * 1000,
    repeatIntervalMs: nonNegativeInt("NOTIFY_REPEAT_INTERVAL_SECONDS", 4 * 3600, env) * 1000,
    concurrency: positiveInt("NOTIFY_CONCURRENCY", 64, env),
    baseUrl: (env.NEXTAUTH_URL?.trim() || `http://localhost:${env.PORT?.trim() || "3000"}`).replace(/\/+$/, ""),
  };
}
