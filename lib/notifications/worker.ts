// The notifier in the background work of a process (lib/worker/background.ts): two loops that do
// not wait for each other. The dispatcher turns due outbox rows into deliveries (and sends
// reminders and escalations); the sender sends due deliveries, keeping its slots full while any are due. Each runs again at once while it
// finds work, else every half second. Several processes may run it against one PostgreSQL: the
// dispatcher's try-lock and the senders' SKIP LOCKED claims keep every message to one sender.
import type { SqlExecutor } from "@/lib/db/sql";
import type { NotifyConfig } from "@/lib/config/env";
import type { EgressPolicy } from "@/lib/net/egress";
import { dispatchDue } from "@/lib/notifications/dispatch";
import { sendDue } from "@/lib/notifications/sender";
import { logger } from "@/lib/observability/logger";

export const NOTIFY_TICK_MS = 500;

export interface Notifier {
  stop(): Promise<void>;
}

function loop(name: string, everyMs: number, run: () => Promise<boolean>, stopped: () => boolean): Promise<void> {
  return (async () => {
    while (!stopped()) {
      let busy = false;
      try {
        busy = await run();
      } catch (error) {
        logger.error("notification loop failed", { loop: name, error });
      }
      if (!busy && !stopped()) await new Promise((resolve) => setTimeout(resolve, everyMs).unref());
    }
  })();
}

export function startNotifier(opts: { sql: SqlExecutor; egress: EgressPolicy; config: NotifyConfig; tickMs?: number; clock?: () => number }): Notifier {
  const clock = opts.clock ?? Date.now;
  const every = opts.tickMs ?? NOTIFY_TICK_MS;
  let stopped = false;
  const isStopped = () => stopped;
  const loops = [
    loop("dispatch", every, async () => (await dispatchDue(opts.sql, opts.config, clock())).deliveries > 0, isStopped),
    loop("send", every, async () => {
      const r = await sendDue(opts.sql, { egress: opts.egress, concurrency: opts.config.concurrency }, clock, { stopping: isStopped });
      return r.sent + r.failed + r.retrying > 0;
    }, isStopped),
  ];
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
