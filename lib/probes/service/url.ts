// Connection URLs of the database and cache kinds (postgresql://, mysql://, redis://,
// memcached://): scheme, credentials, host, port and database, parsed as text so a password with
// odd characters survives, and so what someone typed comes back unchanged (config-secrets.ts
// hides the password the same way as in an http URL).
import { z } from "zod";
import type { ProbeTarget } from "@/lib/probes/types";

// Browser-safe on purpose (the add-probe form checks URLs with it): no node imports.

/** The URL schemes (first is canonical) and default port of each database and cache kind. */
export const SERVICE_URLS = {
  postgres: { schemes: ["postgresql", "postgres"], port: 5432 },
  mysql: { schemes: ["mysql", "mariadb"], port: 3306 },
  redis: { schemes: ["redis"], port: 6379 },
  memcached: { schemes: ["memcached"], port: 11211 },
} as const;
export type ServiceKindId = keyof typeof SERVICE_URLS;

export const isServiceKind = (kind: string): kind is ServiceKindId => Object.hasOwn(SERVICE_URLS, kind);

const stripBrackets = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

export interface ServiceUrl {
  scheme: string;
  user?: string;
  password?: string;
  /** Without IPv6 brackets, ready for net.connect. */
  host: string;
  port: number;
  /** The path without its "/" (a database name, or a Redis db number); "" when absent. */
  database: string;
}

const SHAPE = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?(\[[0-9a-fA-F:.]+\]|[^:/?#[\]@]+)(?::(\d{1,5}))?(?:\/([^?#]*))?(?:\?[^#]*)?$/i;
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The parts of `raw`, or why it cannot be used; `schemes` lists the accepted ones (first is canonical). */
export function parseServiceUrl(raw: string, schemes: readonly string[], defaultPort: number): { ok: true; url: ServiceUrl } | { ok: false; reason: string } {
  const m = SHAPE.exec(raw.trim());
  if (!m) return { ok: false, reason: `URL must look like ${schemes[0]}://USER:PASSWORD@HOST:PORT/DB` };
  const [, scheme, userinfo, host, port, path] = m as unknown as [string, string, string | undefined, string, string | undefined, string | undefined];
  if (!schemes.includes(scheme.toLowerCase())) return { ok: false, reason: `URL scheme must be ${schemes.join(" or ")}, not ${scheme}` };
  if (!HOST.test(host) || host.length > 253) return { ok: false, reason: "URL host must be a hostname or an IP address" };
  const portNumber = port === undefined ? defaultPort : Number(port);
  if (portNumber < 1 || portNumber > 65535) return { ok: false, reason: "URL port must be 1-65535" };
  const url: ServiceUrl = { scheme: scheme.toLowerCase(), host: stripBrackets(host), port: portNumber, database: decode(path ?? "") };
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(":");
    url.user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    if (colon >= 0) url.password = decode(userinfo.slice(colon + 1));
  }
  return { ok: true, url };
}

/** A zod field for a service URL of the given schemes. */
export function serviceUrlField(schemes: readonly string[], defaultPort: number) {
  return z
    .string()
    .trim()
    .max(2048, "URL is too long (2048 characters at most)")
    .superRefine((raw, ctx) => {
      const parsed = parseServiceUrl(raw, schemes, defaultPort);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
    });
}

export function serviceUrlTarget(raw: string, schemes: readonly string[], defaultPort: number): ProbeTarget[] {
  const parsed = parseServiceUrl(raw, schemes, defaultPort);
  return parsed.ok ? [{ field: "url", host: parsed.url.host }] : [];
}

/** "host:port" for messages. */
export function targetOf(url: ServiceUrl): string {
  return url.host.includes(":") ? `[${url.host}]:${url.port}` : `${url.host}:${url.port}`;
}
