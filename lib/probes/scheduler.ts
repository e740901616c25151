// Runs due probes: claims them from PostgreSQL with a lease (lib/probes/claims.ts), runs them
// concurrently up to a bound, buffers finished results for a moment and records each batch in one
// transaction through the one road (lib/observations/probes.ts). Several schedulers (processes or
// hosts) share the probes through the leases. Plain Node: started by lib/worker/background.ts,
// stoppable, and nothing it meets (database down, a probe bug) escapes to crash the process.
import { setMaxListeners } from "node:events";
import type { SqlExecutor } from "@/lib/db/sql";
import { logger } from "@/lib/observability/logger";
import { builtInEgressPolicy, type EgressPolicy } from "@/lib/net/egress";
import { recordProbeResults, type ProbeRun } from "@/lib/observations/probes";
import { claimDueProbes, nextDueAt, type ClaimedProbe } from "@/lib/probes/claims";
import { runProbe } from "@/lib/probes/kinds/registry";
import { SchedulerStats, type ProbeSchedulerStats } from "@/lib/probes/scheduler-stats";
import type { ProbeResult } from "@/lib/probes/types";

export interface ProbeSchedulerOptions {
  sql: SqlExecutor;
  /** Unique per scheduler (e.g. host:pid:random): written as lease_owner on claimed probes. */
  owner: string;
  /** Epoch ms clock for schedules and leases (and the probes' own timing). */
  now?: () => number;
  /** Probes running at once (default 256). */
  concurrency?: number;
  /** Most probes claimed per query (default 500). */
  claimBatch?: number;
  /** Lease beyond a probe's timeout (default 5 s): covers the batching and writing of its result. */
  leaseSlackMs?: number;
  /** How long finished results wait to be written together (default 150 ms). */
  flushDelayMs?: number;
  /** Most results per write transaction (default 1000). */
  flushMaxResults?: number;
  /** Shortest and longest wait between claim rounds when nothing more is due (50 ms, 1 s). */
  pollMinMs?: number;
  pollMaxMs?: number;
  log?: Pick<typeof logger, "info" | "error">;
  /** What the checks may connect to (default: the built-in rules alone). */
  egress?: EgressPolicy;
}

type Settings = Required<Omit<ProbeSchedulerOptions, "sql" | "owner" | "now" | "log" | "egress">>;

const DEFAULTS: Settings = {
  concurrency: 256,
  claimBatch: 500,
  leaseSlackMs: 5_000,
  flushDelayMs: 150,
  flushMaxResults: 1_000,
  pollMinMs: 50,
  pollMaxMs: 1_000,
};

const MAX_ERROR_BACKOFF_MS = 30_000;

export class ProbeScheduler {
  readonly owner: string;
  private readonly sql: SqlExecutor;
  private readonly now: () => number;
  private readonly log: Pick<typeof logger, "info" | "error">;
  private readonly egress: EgressPolicy;
  private readonly settings: Settings;
  private readonly stats = new SchedulerStats();
  private readonly inflight = new Set<ClaimedProbe>();
  /** Probes running or with a result not yet written: never started again meanwhile. */
  private readonly held = new Set<string>();
  // Checks are never aborted: stop() lets them finish (each is bounded by its timeout), so a
  // probe is not left half-run for another scheduler to run again in the same slot.
  private readonly signal = new AbortController().signal;
  private buffer: ProbeRun[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private loopDone: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private waitingForSlot = false;
  private wake: (() => void) | undefined;
  private idle: (() => void)[] = [];

  constructor(opts: ProbeSchedulerOptions) {
    this.sql = opts.sql;
    this.owner = opts.owner;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? logger;
    this.egress = opts.egress ?? builtInEgressPolicy;
    const given = Object.fromEntries(Object.entries(opts).filter(([k, v]) => k in DEFAULTS && v !== undefined));
    this.settings = { ...DEFAULTS, ...given };
    // Every running check listens on the one shared signal.
    setMaxListeners(0, this.signal);
  }

  start(): this {
    this.loopDone ??= this.loop().catch((error: unknown) => this.log.error("probe scheduler: the claim loop stopped", { owner: this.owner, error }));
    return this;
  }

  /** Stops claiming, lets running checks finish (each within its timeout) and writes their results. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  snapshot(): ProbeSchedulerStats {
    return this.stats.snapshot({ inflight: this.inflight.size, buffered: this.buffer.length });
  }

  private async shutDown(): Promise<void> {
    this.wake?.();
    await this.loopDone;
    if (this.inflight.size > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    clearTimeout(this.flushTimer);
    await this.flushing;
    await this.flush();
  }

  private get stopped(): boolean {
    return this.stopping !== undefined;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let sleepMs: number;
      try {
        // Back-pressure: while results wait for the database, claim nothing new (their leases run).
        const writesBehind = this.buffer.length >= 2 * this.settings.flushMaxResults;
        const free = writesBehind ? 0 : this.settings.concurrency - this.inflight.size;
        if (free <= 0) {
          this.waitingForSlot = true;
          await this.sleep(this.settings.pollMaxMs);
          this.waitingForSlot = false;
          continue;
        }
        const limit = Math.min(free, this.settings.claimBatch);
        const claims = await claimDueProbes(this.sql, { owner: this.owner, nowMs: this.now(), limit, leaseSlackMs: this.settings.leaseSlackMs });
        this.stats.add("claimed", claims.length);
        for (const claim of claims) this.launch(claim);
        failures = 0;
        if (claims.length === limit) continue; // more may be due right now
        if (claims.length > 0) {
          sleepMs = this.settings.pollMinMs; // busy: more will be due in a moment
        } else {
          const next = await nextDueAt(this.sql, this.now());
          const untilNext = next === null ? this.settings.pollMaxMs : next - this.now();
          sleepMs = Math.min(this.settings.pollMaxMs, Math.max(this.settings.pollMinMs, untilNext));
        }
      } catch (error) {
        failures += 1;
        this.stats.add("claimFailures");
        this.log.error("probe scheduler: claiming due probes failed; retrying", { owner: this.owner, error });
        sleepMs = Math.min(MAX_ERROR_BACKOFF_MS, 1_000 * 2 ** Math.min(failures - 1, 5));
      }
      await this.sleep(sleepMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
    });
  }

  private launch(claim: ClaimedProbe): void {
    const startedAt = this.now();
    // The lease is what keeps every other scheduler away. If this process stalled so long that it
    // would lapse mid-run, leave the probe to whoever claims it once the lease has expired.
    // A probe this scheduler still holds (its lease lapsed while the result waited to be written)
    // is not run a second time: writing the held result releases it.
    if (startedAt + claim.timeoutMs >= claim.leaseUntilMs || this.held.has(claim.id)) {
      this.stats.add("skipped");
      return;
    }
    this.held.add(claim.id);
    this.stats.recordLag(startedAt - claim.scheduledMs);
    this.stats.add("started");
    this.inflight.add(claim);
    runProbe(claim.kind, claim.config, { timeoutMs: claim.timeoutMs, signal: this.signal, now: this.now, previous: claim.previous, egress: this.egress }).then(
      (result) => this.finish(claim, result),
      (error: unknown) => {
        // runProbe never rejects by contract; if it ever does, the lease simply expires.
        this.log.error("probe scheduler: a probe run failed unexpectedly", { probeId: claim.id, error });
        this.finish(claim, undefined);
      },
    ).catch((error: unknown) => this.log.error("probe scheduler: handling a finished run failed", { probeId: claim.id, error }));
  }

  private finish(claim: ClaimedProbe, result: ProbeResult | undefined): void {
    this.inflight.delete(claim);
    if (result) {
      this.stats.add("completed");
      this.buffer.push({ probeId: claim.id, result });
      this.scheduleFlush();
    } else {
      this.held.delete(claim.id);
    }
    if (this.waitingForSlot) this.wake?.();
    if (this.inflight.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  private scheduleFlush(): void {
    if (this.flushing) return; // the running flush takes what is buffered when it ends
    if (this.buffer.length >= this.settings.flushMaxResults) {
      void this.flush();
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), this.settings.flushDelayMs);
      this.flushTimer.unref();
    }
  }

  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return Promise.resolve();
    this.flushing = this.writeBuffered().finally(() => {
      this.flushing = undefined;
      if (this.buffer.length > 0) this.scheduleFlush();
    });
    return this.flushing;
  }

  private async writeBuffered(): Promise<void> {
    do {
      const batch = this.buffer.splice(0, this.settings.flushMaxResults);
      try {
        const out = await this.sql.transaction(async (tx) => {
          // Probe results are telemetry: after a crash, losing the last few hundred ms of them is
          // fine (their probes simply run again), so do not wait for the WAL flush on commit.
          await tx.query("SET LOCAL synchronous_commit = off");
          return recordProbeResults(tx, batch, { leaseOwner: this.owner });
        });
        this.stats.add("flushes");
        this.stats.add("recorded", out.recorded);
        this.stats.add("dropped", out.dropped.length);
        for (const t of out.transitions) this.log.info("probe health changed", { ...t, at: new Date(t.at).toISOString() });
      } catch (error) {
        // The runs are lost; their leases expire and the probes run again at their next slot.
        this.stats.add("flushFailures");
        this.log.error("probe scheduler: recording probe results failed", { owner: this.owner, results: batch.length, error });
      }
      for (const run of batch) this.held.delete(run.probeId);
      if (this.waitingForSlot) this.wake?.();
      // Keep writing while a full batch is waiting (or when stopping); otherwise let results gather.
    } while (this.buffer.length >= this.settings.flushMaxResults || (this.stopped && this.buffer.length > 0));
  }
}
