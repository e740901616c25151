// Maps what node reports (errno codes, TLS verify codes, HTTP parser codes, our own deadline)
// onto the canonical cause ids, using the phase the connection was in as the tie-breaker.
import type { ProbeErrorClass } from "@/lib/probes/types";
import type { DeadlineCause } from "./deadline";
import type { ConnectionStage } from "./timeline";

export interface ClassifiedFailure {
  errorClass: ProbeErrorClass;
  message: string;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME", "EAI_SERVICE"]);
// "Origin port closed / host unreachable" in DOMAIN.md: nothing is listening or routable there.
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL"]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);
const MAX_MESSAGE_LENGTH = 200;

export function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function shortMessage(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

function isTlsCode(code: string): boolean {
  // Node's own TLS codes, OpenSSL's, and the X.509 verify results (e.g. DEPTH_ZERO_SELF_SIGNED_CERT).
  return code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || /CERT|_SIGNATURE|ISSUER/.test(code);
}

/** `target` is "host:port", used only in the message. */
export function classifyNetworkError(err: unknown, stage: ConnectionStage, target: string): ClassifiedFailure {
  const code = errorCode(err) ?? "";
  const suffix = code ? ` (${code})` : "";
  // The egress policy refused the address: the probe's config is at fault, not the origin.
  if (code === "EGRESS_DENIED") {
    return { errorClass: "invalid_config", message: shortMessage(errorText(err)) };
  }

  if (DNS_CODES.has(code) || stage === "dns") {
    return { errorClass: "dns_error", message: shortMessage(`DNS lookup failed for ${target}${suffix}`) };
  }
  if (code === "ECONNREFUSED") {
    return { errorClass: "connect_refused", message: `Connection refused by ${target}` };
  }
  if (UNREACHABLE_CODES.has(code)) {
    return { errorClass: "connect_refused", message: `${target} is unreachable${suffix}` };
  }
  if (code === "ETIMEDOUT") {
    return stage === "connect"
      ? { errorClass: "connect_timeout", message: `TCP connect to ${target} timed out${suffix}` }
      : { errorClass: "backend_timeout", message: `${target} stopped answering${suffix}` };
  }
  if (code.startsWith("HPE_")) {
    return { errorClass: "bad_response", message: shortMessage(`Response is not valid HTTP: ${errorText(err)}${suffix}`) };
  }
  if (isTlsCode(code) || stage === "tls") {
    return { errorClass: "tls_error", message: shortMessage(`TLS handshake with ${target} failed: ${errorText(err)}${suffix}`) };
  }
  if (RESET_CODES.has(code) || stage === "waiting" || stage === "body") {
    const when = stage === "body" ? "in the middle of the response body" : "before sending response headers";
    return { errorClass: "backend_reset", message: `${target} closed the connection ${when}${suffix}` };
  }
  // Only a connect-phase error with an unknown code reaches here: the origin could not be reached.
  return { errorClass: "connect_refused", message: shortMessage(`Could not connect to ${target}: ${errorText(err)}${suffix}`) };
}

export function classifyDeadline(
  cause: DeadlineCause | undefined,
  stage: ConnectionStage,
  timeoutMs: number,
  target: string,
): ClassifiedFailure {
  const within = cause === "cancelled" ? "before the probe was cancelled" : `within ${timeoutMs} ms`;
  switch (stage) {
    case "dns":
      return { errorClass: "dns_error", message: `DNS lookup for ${target} did not finish ${within}` };
    case "connect":
      return { errorClass: "connect_timeout", message: `TCP connect to ${target} did not finish ${within}` };
    case "tls":
      return { errorClass: "connect_timeout", message: `TLS handshake with ${target} did not finish ${within}` };
    case "waiting":
      return { errorClass: "backend_timeout", message: `No response headers from ${target} ${within}` };
    case "body":
      return { errorClass: "backend_timeout", message: `Response body from ${target} did not finish ${within}` };
  }
}
