// One deadline per check: aborts on the check's timeout or when the caller cancels, and remembers
// which of the two happened so the failure can be classified (a timeout is evidence, a cancel is not).
import type { ProbeContext } from "@/lib/probes/types";

export type DeadlineCause = "timeout" | "cancelled";

export interface ProbeDeadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly startedAt: number;
  cause(): DeadlineCause | undefined;
  /** Clears the timer and detaches from the caller's signal; call once the check has settled. */
  dispose(): void;
}

export function startDeadline(ctx: ProbeContext): ProbeDeadline {
  const controller = new AbortController();
  let cause: DeadlineCause | undefined;
  const abort = (why: DeadlineCause) => {
    if (cause) return;
    cause = why;
    controller.abort(why);
  };
  const onCallerAbort = () => abort("cancelled");
  const timer = setTimeout(() => abort("timeout"), Math.max(0, ctx.timeoutMs));
  if (ctx.signal.aborted) onCallerAbort();
  else ctx.signal.addEventListener("abort", onCallerAbort, { once: true });

  return {
    signal: controller.signal,
    timeoutMs: ctx.timeoutMs,
    startedAt: ctx.now(),
    cause: () => cause,
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onCallerAbort);
    },
  };
}
