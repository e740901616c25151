// One HTTP/1.1 request on a fresh connection (no keep-alive, so every phase is measured), with a
// bounded body read and a shared deadline. Never rejects: failures come back classified.
import type { ClientRequest, IncomingHttpHeaders } from "node:http";
import { isEgressDenied, requestChecked, type EgressPolicy } from "@/lib/net/egress";
import type { ProbeErrorClass, ProbePhases } from "@/lib/probes/types";
import { classifyDeadline, classifyNetworkError, shortMessage, type ClassifiedFailure } from "./classify";
import type { ProbeDeadline } from "./deadline";
import { ConnectionTimeline } from "./timeline";

export const PROBE_USER_AGENT = "OriginWatch-probe/1";

export interface HttpExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  tlsVerify: boolean;
  /** Checks the address of every connection (each redirect hop is its own exchange). */
  egress: EgressPolicy;
  /** Stop reading (and close the connection) after this many body bytes. */
  maxBodyBytes: number;
  /** Return false to skip the body of this response, e.g. a redirect about to be followed. */
  readBodyFor?: (status: number, headers: IncomingHttpHeaders) => boolean;
}

export interface HttpResponseSnapshot {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most maxBodyBytes. */
  body: Buffer;
  bodyTruncated: boolean;
  phases: ProbePhases;
}

export type HttpExchangeOutcome =
  | { ok: true; response: HttpResponseSnapshot }
  /** `status` is set when the headers arrived and the body then failed (reset, stall). */
  | { ok: false; errorClass: ProbeErrorClass; message: string; phases: ProbePhases; status?: number };

export function performHttpExchange(
  request: HttpExchangeRequest,
  deadline: ProbeDeadline,
  now: () => number,
): Promise<HttpExchangeOutcome> {
  return new Promise((resolve) => {
    const { url } = request;
    const usesTls = url.protocol === "https:";
    const target = `${url.hostname}:${url.port || (usesTls ? 443 : 80)}`;
    const timeline = new ConnectionTimeline(now, now(), url.hostname, usesTls);
    let clientRequest: ClientRequest | undefined;
    let responseStatus: number | undefined;
    let settled = false;

    const settle = (outcome: HttpExchangeOutcome) => {
      if (settled) return;
      settled = true;
      deadline.signal.removeEventListener("abort", onDeadline);
      // Error listeners stay attached, so late socket errors after destroy are swallowed.
      clientRequest?.destroy();
      resolve(outcome);
    };
    const fail = (failure: ClassifiedFailure) => {
      const status = responseStatus === undefined ? {} : { status: responseStatus };
      settle({ ok: false, ...failure, phases: timeline.phases(now()), ...status });
    };
    function onDeadline() {
      fail(classifyDeadline(deadline.cause(), timeline.stage, deadline.timeoutMs, target));
    }

    if (deadline.signal.aborted) return onDeadline();
    deadline.signal.addEventListener("abort", onDeadline, { once: true });

    try {
      clientRequest = requestChecked(request.egress, url, {
        method: request.method,
        headers: { "user-agent": PROBE_USER_AGENT, ...request.headers },
        agent: false,
        rejectUnauthorized: request.tlsVerify,
      });
    } catch (err) {
      if (isEgressDenied(err)) return fail(classifyNetworkError(err, timeline.stage, target));
      // node validates method and header names/values synchronously.
      const reason = err instanceof Error ? err.message : String(err);
      return fail({ errorClass: "invalid_config", message: shortMessage(`Cannot build the request: ${reason}`) });
    }

    clientRequest.on("socket", (socket) => timeline.watch(socket));
    clientRequest.on("error", (err) => fail(classifyNetworkError(err, timeline.stage, target)));
    clientRequest.on("response", (res) => {
      timeline.markFirstByte();
      const status = res.statusCode ?? 0;
      responseStatus = status;
      const chunks: Buffer[] = [];
      let received = 0;
      const succeed = (bodyTruncated: boolean) =>
        settle({
          ok: true,
          response: { status, headers: res.headers, body: Buffer.concat(chunks), bodyTruncated, phases: timeline.phases(now()) },
        });

      res.on("error", (err) => fail(classifyNetworkError(err, "body", target)));
      if (request.readBodyFor && !request.readBodyFor(status, res.headers)) return succeed(false);

      res.on("data", (chunk: Buffer) => {
        const room = request.maxBodyBytes - received;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          received += room;
          return succeed(true);
        }
        chunks.push(chunk);
        received += chunk.length;
      });
      res.on("end", () => succeed(false));
      res.on("close", () => {
        if (!res.complete) {
          fail({ errorClass: "backend_reset", message: `${target} closed the connection after ${received} bytes of the response body` });
        }
      });
    });
    clientRequest.end();
  });
}
