// The HTTP half most channels share: one request through the egress policy, a hard timeout for
// the whole attempt (15 s by default), the answer read up to 4 KiB for the delivery log, and the
// outcome classified the same way for every kind: 2xx sent; 408, 425, 429 and 5xx (and network
// errors) retried, honouring Retry-After; other 4xx are the channel's configuration and are not.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { z } from "zod";
import { isEgressDenied, requestChecked, type EgressPolicy } from "@/lib/net/egress";
import type { SendOutcome } from "@/lib/notifications/channels/types";

export interface HttpRequestSpec {
  url: string;
  method?: "POST" | "PUT";
  headers?: Record<string, string>;
  body: string;
}

const RETRYABLE = new Set([408, 425, 429]);
const MAX_ANSWER = 4096;

export const httpUrl = (what: string) =>
  z
    .string(`${what} must be text`)
    .trim()
    .url(`${what} must be an http(s) URL`)
    .refine((u) => /^https?:\/\//i.test(u), `${what} must start with http:// or https://`);

export const hostOf = (url: string): string => new URL(url).hostname;

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Keep-alive connections per egress policy (a socket in a pool was connected through that
 * policy's checked lookup): a burst of a thousand messages reuses the connections of the last
 * one instead of opening and closing them all again, as node's global agent (256 idle sockets) would.
 */
const agents = new WeakMap<EgressPolicy, { http: HttpAgent; https: HttpsAgent }>();
function agentFor(egress: EgressPolicy, url: URL): HttpAgent | HttpsAgent {
  let pair = agents.get(egress);
  if (!pair) {
    const options = { keepAlive: true, maxFreeSockets: 2048, scheduling: "lifo" as const };
    agents.set(egress, (pair = { http: new HttpAgent(options), https: new HttpsAgent(options) }));
  }
  return url.protocol === "https:" ? pair.https : pair.http;
}

export function httpRequest(egress: EgressPolicy, spec: HttpRequestSpec, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(spec.url);
    const body = Buffer.from(spec.body);
    let req: ReturnType<typeof requestChecked>;
    try {
      req = requestChecked(egress, url, {
        agent: agentFor(egress, url),
        method: spec.method ?? "POST",
        headers: { "content-type": "application/json", "user-agent": "OriginWatch-Notifications", ...spec.headers, "content-length": String(body.length) },
      });
    } catch (e) {
      return reject(e);
    }
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < MAX_ANSWER) chunks.push(c);
        size += c.length;
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_ANSWER) });
      });
      res.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}

/** The shared classification of an answer. */
export function outcomeOf(answer: HttpAnswer, now = Date.now()): SendOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { ok: true, status };
  const header = answer.headers["retry-after"];
  const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, now);
  const snippet = answer.body.trim().replace(/\s+/g, " ").slice(0, 200);
  const error = `HTTP ${status}${snippet ? `: ${snippet}` : ""}`;
  return { ok: false, retryable: status >= 500 || RETRYABLE.has(status), status, error, retryAfterMs };
}

/** Sends one request and classifies it; network errors and timeouts are retryable, egress refusals are not. */
export async function sendHttp(egress: EgressPolicy, spec: HttpRequestSpec, timeoutMs: number): Promise<SendOutcome> {
  try {
    return outcomeOf(await httpRequest(egress, spec, timeoutMs));
  } catch (e) {
    if (isEgressDenied(e)) return { ok: false, retryable: false, status: null, error: `refused by the egress policy: ${e.message}` };
    return { ok: false, retryable: true, status: null, error: (e as Error).message || String(e) };
  }
}
