// Every environment variable the app reads, parsed once, here. Nothing deeper in lib/ reads
// process.env: configuration is passed in. The README's table lists the same variables.
import { resolve } from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

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

export function authConfig(env: Env = process.env): AuthConfig {
  const secret = env.NEXTAUTH_SECRET?.trim() ?? "";
  // scripts/start.mjs persists a generated secret for the embedded quick start; anywhere else a
  // production server without one would sign sessions with a guessable key.
  if (!secret && env.NODE_ENV === "production") {
    throw new AppError("config", "NEXTAUTH_SECRET is not set. Set it to a long random string, e.g. `openssl rand -base64 32`.");
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

export interface IngestConfig {
  /** Largest request body accepted, after gzip decoding. */
  maxBodyBytes: number;
  /** Sustained lines per second one source may send (bursts of twice that pass). */
  maxLinesPerSecond: number;
}

const positiveInt = (name: string, fallback: number, env: Env): number => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new AppError("config", `${name}=${raw} is not a positive whole number.`);
  return n;
};

export function ingestConfig(env: Env = process.env): IngestConfig {
  return {
    maxBodyBytes: positiveInt("INGEST_MAX_BODY_BYTES", 32 * 1024 * 1024, env),
    maxLinesPerSecond: positiveInt("INGEST_MAX_LINES_PER_SECOND", 500_000, env),
  };
}

export interface ProbeSchedulerConfig {
  /** Probes one process runs at once. */
  concurrency: number;
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
