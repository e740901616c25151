// One check against a database or cache: a socket opened through the egress policy
// (connectChecked), a deadline for the whole exchange, and the failure classified by the phase it
// happened in. The kind's `talk` speaks the protocol on that socket (itself, or through a driver
// handed the socket as its stream) and returns the reading; anything it throws is classified here.
import type { Socket } from "node:net";
import { builtInEgressPolicy, connectChecked, isEgressDenied } from "@/lib/net/egress";
import { classifyDeadline, classifyNetworkError, errorCode, shortMessage, type ClassifiedFailure } from "@/lib/probes/net/classify";
import { startDeadline } from "@/lib/probes/net/deadline";
import { ConnectionTimeline } from "@/lib/probes/net/timeline";
import { failed, succeeded } from "@/lib/probes/result";
import type { ProbeContext, ProbeResult, ProbeSignals } from "@/lib/probes/types";
import { targetOf, type ServiceUrl } from "./url";

export interface ServiceReading {
  signals: ProbeSignals;
  summary: string;
}

export interface ServiceSession {
  socket: Socket;
  /** "host:port", for messages. */
  target: string;
  /** Aborted at the deadline: long-running talk should stop waiting. */
  signal: AbortSignal;
}

/** Thrown by a kind when the server refused its credentials. */
export class AuthFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthFailedError";
  }
}

/** Thrown by a kind when the server answered something it cannot read. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

export async function runServiceCheck(
  url: ServiceUrl,
  ctx: ProbeContext,
  talk: (session: ServiceSession) => Promise<ServiceReading>,
): Promise<ProbeResult> {
  const startedAt = ctx.now();
  const target = targetOf(url);
  const deadline = startDeadline(ctx);
  const timeline = new ConnectionTimeline(ctx.now, startedAt, url.host, false);
  const fail = (f: ClassifiedFailure) => failed(startedAt, ctx.now, f.errorClass, f.message, { phases: timeline.phases(ctx.now()) });

  let socket: Socket;
  try {
    socket = connectChecked(ctx.egress ?? builtInEgressPolicy, { host: url.host, port: url.port });
  } catch (err) {
    deadline.dispose();
    if (isEgressDenied(err)) return fail(classifyNetworkError(err, timeline.stage, target));
    return fail({ errorClass: "invalid_config", message: shortMessage(`Cannot connect to ${target}: ${String(err)}`) });
  }
  timeline.watch(socket);
  // Drivers attach their own listeners; this one keeps a late error after destroy from crashing.
  socket.on("error", () => undefined);

  const timedOut = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new DeadlineReached());
    if (deadline.signal.aborted) onAbort();
    else deadline.signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const reading = await Promise.race([talk({ socket, target, signal: deadline.signal }), timedOut]);
    return succeeded(startedAt, ctx.now, { phases: timeline.phases(ctx.now()), ...reading });
  } catch (err) {
    if (err instanceof DeadlineReached) return fail(classifyDeadline(deadline.cause(), timeline.stage, deadline.timeoutMs, target));
    return fail(classifyServiceError(err, timeline.stage === "dns" || timeline.stage === "connect" ? timeline.stage : "waiting", target));
  } finally {
    deadline.dispose();
    socket.destroy();
    timedOut.catch(() => undefined);
  }
}

class DeadlineReached extends Error {}

function classifyServiceError(err: unknown, stage: "dns" | "connect" | "waiting", target: string): ClassifiedFailure {
  const text = err instanceof Error ? err.message : String(err);
  if (err instanceof AuthFailedError) return { errorClass: "auth_failed", message: shortMessage(`${target} refused the credentials: ${text}`) };
  if (err instanceof ProtocolError) return { errorClass: "bad_response", message: shortMessage(`${target}: ${text}`) };
  const code = errorCode(err) ?? "";
  // errno-style codes come from the socket; anything else is the server's own error.
  if (/^E[A-Z]+$/.test(code) || code.startsWith("ERR_") || code === "EGRESS_DENIED") return classifyNetworkError(err, stage, target);
  if (/Connection terminated|closed the connection|server closed/i.test(text)) {
    return { errorClass: "backend_reset", message: shortMessage(`${target} closed the connection: ${text}`) };
  }
  return { errorClass: "backend_error", message: shortMessage(`${target} answered an error: ${text}`) };
}
