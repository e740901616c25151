// The http/https probe: one request (or a bounded redirect chain) against an origin, judged by
// status set and optional body match. Redirects are not followed unless asked, like a proxy.
import { z } from "zod";
import { builtInEgressPolicy } from "@/lib/net/egress";
import { DEFAULT_MAX_BODY_BYTES, HttpUrl, RequestHeaders, parseHttpUrl, urlTarget } from "@/lib/probes/config-fields";
import { shortMessage } from "@/lib/probes/net/classify";
import { startDeadline, type ProbeDeadline } from "@/lib/probes/net/deadline";
import { performHttpExchange, type HttpResponseSnapshot } from "@/lib/probes/net/http-exchange";
import { failed, succeeded } from "@/lib/probes/result";
import type { ProbeContext, ProbeKind, ProbePhases, ProbeResult, ProbeSignals } from "@/lib/probes/types";
import {
  BodyMatch,
  ExpectedStatus,
  compileBodyMatcher,
  describeExpectedStatus,
  statusIsExpected,
  type BodyMatcher,
} from "./http-expectations";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const REDIRECTS_TO_GET = new Set([301, 302, 303]);
// Credentials are meant for the origin that was configured, not wherever it redirects to.
const ORIGIN_BOUND_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export const HttpProbeConfig = z.object({
  url: HttpUrl,
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
  headers: RequestHeaders,
  expectedStatus: ExpectedStatus,
  bodyMatch: BodyMatch.optional(),
  tlsVerify: z.boolean().default(true),
  followRedirects: z.boolean().default(false),
  maxRedirects: z.int().min(1, "maxRedirects must be at least 1").max(20, "maxRedirects cannot exceed 20").default(5),
  maxBodyBytes: z
    .int()
    .min(1024, "maxBodyBytes must be at least 1024")
    .max(1024 * 1024, "maxBodyBytes cannot exceed 1 MiB")
    .default(DEFAULT_MAX_BODY_BYTES),
});
export type HttpProbeConfig = z.output<typeof HttpProbeConfig>;

export const httpProbe: ProbeKind<HttpProbeConfig> = {
  id: "http",
  configSchema: HttpProbeConfig,
  async check(config, ctx) {
    const startedAt = ctx.now();
    const parsedUrl = parseHttpUrl(config.url);
    if (!parsedUrl.ok) return failed(startedAt, ctx.now, "invalid_config", parsedUrl.reason);
    let matcher: BodyMatcher | undefined;
    if (config.bodyMatch) {
      const compiled = compileBodyMatcher(config.bodyMatch);
      if (!compiled.ok) return failed(startedAt, ctx.now, "invalid_config", compiled.reason);
      matcher = compiled.matcher;
    }
    const deadline = startDeadline(ctx);
    try {
      return await runChain(config, parsedUrl.url, matcher, deadline, ctx, startedAt);
    } finally {
      deadline.dispose();
    }
  },
  targets: (config) => urlTarget(config.url),
};

async function runChain(
  config: HttpProbeConfig,
  firstUrl: URL,
  matcher: BodyMatcher | undefined,
  deadline: ProbeDeadline,
  ctx: ProbeContext,
  startedAt: number,
): Promise<ProbeResult> {
  const visited = [firstUrl.href];
  let url = firstUrl;
  let method: string = config.method;
  let headers = config.headers;
  const willFollow = (status: number) => config.followRedirects && REDIRECT_STATUSES.has(status);

  for (;;) {
    const outcome = await performHttpExchange(
      {
        url,
        method,
        headers,
        tlsVerify: config.tlsVerify,
        egress: ctx.egress ?? builtInEgressPolicy,
        maxBodyBytes: config.maxBodyBytes,
        readBodyFor: (status, headers) => !(willFollow(status) && headers.location),
      },
      deadline,
      ctx.now,
    );
    const totalMs = ctx.now() - startedAt;
    if (!outcome.ok) {
      const phases = { ...outcome.phases, totalMs };
      return failed(startedAt, ctx.now, outcome.errorClass, outcome.message, { status: outcome.status, phases });
    }
    const response = outcome.response;
    const phases = { ...response.phases, totalMs };
    const redirectSignals = visited.length > 1 ? { redirects: visited.length - 1, final_url: url.href } : undefined;
    const location = response.headers.location;
    if (!willFollow(response.status) || !location) {
      return judge(response, config, matcher, { startedAt, ctx, phases, signals: redirectSignals });
    }

    // The Location's text stays out of messages (the loop's URLs are redacted per reader in views).
    const badRedirect = (message: string) =>
      failed(startedAt, ctx.now, "bad_response", message, { status: response.status, phases });
    if (visited.length - 1 >= config.maxRedirects) return badRedirect(`More than ${config.maxRedirects} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return badRedirect("Redirect to an invalid Location");
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      return badRedirect("Redirect to a non-HTTP location");
    }
    if (visited.includes(next.href)) {
      return badRedirect(shortMessage(`Redirect loop: ${[...visited.slice(visited.indexOf(next.href)), next.href].join(" -> ")}`));
    }
    if (next.origin !== url.origin) headers = withoutHeaders(headers, ORIGIN_BOUND_HEADERS);
    // As browsers and curl do: 301/302/303 continue with GET (HEAD stays HEAD); 307/308 keep the method.
    if (REDIRECTS_TO_GET.has(response.status) && method !== "HEAD") method = "GET";
    visited.push(next.href);
    url = next;
  }
}

interface JudgeContext {
  startedAt: number;
  ctx: ProbeContext;
  phases: ProbePhases;
  signals?: ProbeSignals;
}

function judge(
  response: HttpResponseSnapshot,
  config: HttpProbeConfig,
  matcher: BodyMatcher | undefined,
  { startedAt, ctx, phases, signals }: JudgeContext,
): ProbeResult {
  const extras = { status: response.status, phases, signals };
  // A 5xx the probe did not expect is reported as unexpected_status with the status attached,
  // so "origin answered 500" and "proxy-made 503" stay distinguishable downstream.
  if (!statusIsExpected(response.status, config.expectedStatus)) {
    const message = `Expected ${describeExpectedStatus(config.expectedStatus)}, got ${response.status}`;
    return failed(startedAt, ctx.now, "unexpected_status", message, extras);
  }
  if (matcher) {
    const reason = matcher.mismatch(response.body.toString("utf8"), response.bodyTruncated);
    if (reason) return failed(startedAt, ctx.now, "body_mismatch", reason, extras);
  }
  return succeeded(startedAt, ctx.now, extras);
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}
