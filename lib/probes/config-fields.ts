// Config fields shared by the kinds that talk HTTP (the http probe and the status-page probes).
import { z } from "zod";
import type { ProbeTarget } from "./types";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Returns the parsed URL, or why it cannot be probed. */
export function parseHttpUrl(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `"${raw.slice(0, 100)}" is not a valid URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `URL scheme must be http or https, not ${url.protocol.replace(/:$/, "")}` };
  }
  if (!url.hostname) return { ok: false, reason: "URL has no host" };
  return { ok: true, url };
}

/** The host of a probe URL, for the egress check when the probe is saved. */
export function urlTarget(url: string): ProbeTarget[] {
  const parsed = parseHttpUrl(url);
  return parsed.ok ? [{ field: "url", host: parsed.url.hostname }] : [];
}

export const HttpUrl = z
  .string()
  .trim()
  .max(2048, "URL is too long (2048 characters at most)")
  .superRefine((raw, ctx) => {
    const parsed = parseHttpUrl(raw);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
  });

// RFC 9110 token characters; node rejects anything else when building the request.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HeaderValue = z
  .string()
  .max(8192, "header value is too long")
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, "header value cannot contain line breaks or control characters");

// Framing and connection headers are node's to write: overriding them could smuggle a second
// request into the connection or hold it open. Host stays settable: probing one virtual host of
// an origin by its address is what Varnish's .request does, and the connection still goes to the
// address the egress policy checked.
const RESERVED_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "expect"]);

export const RequestHeaders = z
  .record(z.string(), HeaderValue)
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 50) ctx.addIssue({ code: "custom", message: "at most 50 headers" });
    for (const name of names) {
      // Checked here rather than as the record's key schema so the message names the header.
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `header name "${name.slice(0, 40)}" contains characters not allowed in HTTP` });
      } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: [name], message: `${name} cannot be set: the probe writes framing and connection headers itself` });
      }
    }
  })
  .default({});

/** The fields every status-page probe (PHP-FPM, nginx, Varnish, HAProxy) needs. */
export const StatusPageConfig = z.object({
  url: HttpUrl,
  headers: RequestHeaders,
  tlsVerify: z.boolean().default(true),
});
export type StatusPageConfig = z.output<typeof StatusPageConfig>;
