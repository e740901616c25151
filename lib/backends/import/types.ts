// The shape every config importer (vcl, haproxy, nginx) returns: a preview of the backends it
// understood and a note for everything it did not, so the user sees both before saving.
// Schemas and their inferred types share a name; the API reuses the schemas for OpenAPI.
import { z } from "zod";

export const ImportKind = z.enum(["vcl", "haproxy", "nginx"]);
export type ImportKind = z.infer<typeof ImportKind>;

/** Probe settings in Varnish's vocabulary (window/threshold/initial); durations in ms. */
export const ImportedProbe = z.object({
  kind: z.enum(["http", "tcp"]),
  path: z.string().optional(),
  method: z.string().optional(),
  host: z.string().optional(), // Host header sent with the probe request
  expectedStatus: z.number().int().optional(),
  intervalMs: z.number().nonnegative().optional(),
  timeoutMs: z.number().nonnegative().optional(),
  window: z.number().int().optional(),
  threshold: z.number().int().optional(),
  initial: z.number().int().optional(),
});
export type ImportedProbe = z.infer<typeof ImportedProbe>;

export const ImportedTimeouts = z.object({
  connectMs: z.number().nonnegative().optional(),
  firstByteMs: z.number().nonnegative().optional(),
  betweenBytesMs: z.number().nonnegative().optional(),
});
export type ImportedTimeouts = z.infer<typeof ImportedTimeouts>;

/**
 * The proxy's own health-check and timeout knobs that have no Varnish equivalent, kept so the
 * advisor (lib/advisor) can speak the proxy's syntax: HAProxy's fall/rise/inter, nginx's passive
 * max_fails/fail_timeout and which X_read_timeout applies.
 */
export const ImportedProxySettings = z.object({
  dialect: ImportKind,
  nginxModule: z.string().optional(),
  inter: z.number().nonnegative().optional(),
  fall: z.number().int().optional(),
  rise: z.number().int().optional(),
  maxFails: z.number().int().optional(),
  failTimeoutMs: z.number().nonnegative().optional(),
});
export type ImportedProxySettings = z.infer<typeof ImportedProxySettings>;

export const ImportedBackend = z.object({
  /** VCL backend name, HAProxy `backend/server` (as `%b/%s` logs it), nginx `upstream/address`. */
  name: z.string(),
  /** `host:port` (`[v6]:port` for IPv6), or the socket path for unix sockets. */
  address: z.string(),
  /** Host name or IP; the socket path for unix sockets (then `port` is absent). */
  host: z.string(),
  port: z.number().int().optional(),
  /** Groups the backend belongs to, prefixed by source: `vcl-director:d1`, `haproxy-backend:app`. */
  tags: z.array(z.string()),
  timeouts: ImportedTimeouts,
  probe: ImportedProbe.optional(),
  proxy: ImportedProxySettings.optional(),
  source: z.object({ line: z.number().int() }),
});
export type ImportedBackend = z.infer<typeof ImportedBackend>;

export const ImportNote = z.object({
  level: z.enum(["info", "warning", "error"]),
  line: z.number().int(), // 1-based; 0 when the note is about the whole input
  column: z.number().int().optional(),
  message: z.string(),
});
export type ImportNote = z.infer<typeof ImportNote>;

export const ImportPreview = z.object({
  backends: z.array(ImportedBackend),
  notes: z.array(ImportNote),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
