// Graceful shutdown of the web server's background work. `next start` handles SIGTERM/SIGINT
// itself: it stops accepting connections, lets in-flight requests (ingest batches) finish, then
// calls process.exit. The background work (probe batches, retention, alert evaluation) must finish
// its in-flight batches too, so on the signal it is told to stop, and the exit that follows waits
// for that (bounded: a stuck stop never keeps a dying server up for long).
import { logger } from "@/lib/observability/logger";

/** At most this long between the signal's exit and the process really ending. */
const STOP_BUDGET_MS = 10_000;

export function stopOnSignals(stop: () => Promise<void>, signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): void {
  let stopping: Promise<void> | undefined;
  const begin = () => {
    stopping ??= stop().then(
      () => logger.info("background work stopped"),
      (e: unknown) => logger.error("background work did not stop cleanly", { error: e }),
    );
    return stopping;
  };
  const exit = process.exit.bind(process);
  // Next's handler calls process.exit once its HTTP server has drained; hold that exit until the
  // background work is done too.
  process.exit = ((code?: number | string | null) => {
    if (!stopping) return exit(code);
    const budget = new Promise<void>((resolve) => setTimeout(resolve, STOP_BUDGET_MS).unref());
    void Promise.race([stopping, budget]).finally(() => exit(code));
    return undefined as never;
  }) as typeof process.exit;
  for (const signal of signals) process.prependListener(signal, () => void begin());
}
