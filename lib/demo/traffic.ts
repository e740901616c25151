// The demo day's requests, as the ingest path would have aggregated them: per minute x backend
// buckets (lib/ingest/aggregate-bucket.ts) and bounded 5xx samples. Successful requests are
// counted straight into BucketState (writing and parsing ~3 million lines would take seconds);
// every 5xx is written as a real log line and run through the real LogAggregator (compiled
// parser, cause attribution, sample bound), so causes and samples are exactly what ingest makes.
import { BucketState, type AggregateBucket } from "@/lib/ingest/aggregate-bucket";
import { LogAggregator, type AggregateSample } from "@/lib/ingest/aggregate";
import type { ParsedRequest } from "@/lib/ingest/types";
import { SAMPLES_PER_MINUTE_BACKEND_CAUSE } from "@/lib/observations/requests";
import { writeFailedRequest, type FailedRequest } from "@/lib/demo/lines";
import { DemoRandom } from "@/lib/demo/random";
import { MINUTE_MS } from "@/lib/rollups/levels";
import {
  DEMO_BACKENDS,
  DEMO_SOURCES,
  apiTimeoutIntensity,
  diurnal,
  searchDown,
  shopCacheState,
  type DemoBackendDef,
  type DemoSourceDef,
  type DemoTimeline,
} from "@/lib/demo/scenario";

export interface SourceTraffic {
  source: DemoSourceDef;
  buckets: AggregateBucket[];
  samples: AggregateSample[];
  requests: number;
  serverErrors: number;
}

/** What one minute of one backend looks like: how many requests, how fast, and what fails. */
interface MinuteProfile {
  requests: number;
  hitRatio: number;
  medianMs: number;
  sigma: number;
  /** [cause, share of requests], checked in order. */
  failures: [FailedRequest["cause"], number][];
}

function profile(b: DemoBackendDef, t: DemoTimeline, minuteMs: number, rng: DemoRandom): MinuteProfile {
  const p: MinuteProfile = {
    requests: rng.around(b.peakRpm * diurnal(t, minuteMs), 0.06),
    hitRatio: b.hitRatio ?? 0,
    medianMs: b.medianMs,
    sigma: b.sigma,
    failures: [["backend_error", b.errorRate]],
  };
  if (b.name === "api") {
    const x = apiTimeoutIntensity(t, minuteMs);
    if (x > 0) {
      // The new pricing query holds row locks: the requests that get through crawl toward the
      // 30 s proxy_read_timeout, and a third of them never answer in time.
      p.medianMs = b.medianMs * (1 + 70 * x * x);
      p.sigma = 0.5 + 0.4 * x;
      p.failures.unshift(["backend_timeout", 0.32 * x]);
    }
  } else if (b.name === "search") {
    // Whole-minute shares; the exact second the process died or came back is decided per request.
    const downAtStart = searchDown(t, minuteMs);
    const downAtEnd = searchDown(t, minuteMs + MINUTE_MS - 1);
    if (downAtStart || downAtEnd) p.failures.unshift(["connect_refused", 1]);
  } else if (b.name === "shop") {
    const cache = shopCacheState(t, b.hitRatio ?? 0, minuteMs);
    p.hitRatio = cache.hitRatio;
    p.medianMs = b.medianMs * cache.slowdown;
    p.failures.unshift(["proxy_overload", cache.busyShare], ["backend_timeout", cache.timeoutShare]);
  }
  return p;
}

function drawFailure(p: MinuteProfile, rng: DemoRandom): FailedRequest["cause"] | null {
  let roll = rng.next();
  for (const [cause, share] of p.failures) {
    if (roll < share) return cause;
    roll -= share;
  }
  return null;
}

class SourceGenerator {
  private readonly aggregator: LogAggregator;
  private readonly counted: BucketState[] = [];
  /** Reused for every successful request: a bucket reads its fields and keeps nothing. */
  private readonly request: ParsedRequest = { time: 0, status: 200, evidence: {} };
  private lineNo = 0;
  /** This minute's failed requests, written in time order when the minute ends (see flush). */
  private failed: FailedRequest[] = [];
  requests = 0;

  constructor(
    readonly source: DemoSourceDef,
    private readonly timeline: DemoTimeline,
    private readonly rng: DemoRandom,
  ) {
    this.aggregator = new LogAggregator({
      kind: source.kind,
      format: source.format ?? undefined,
      defaultBackend: source.defaultBackend ?? undefined,
      maxSamples: SAMPLES_PER_MINUTE_BACKEND_CAUSE,
    });
  }

  /**
   * Writes the minute's failed requests in time order, as a proxy appends them: the nginx
   * error-log join only looks a few seconds back and forth, so lines must not jump in time.
   */
  flush(): void {
    this.failed.sort((a, b) => a.atMs - b.atMs);
    for (const r of this.failed) {
      const lines = writeFailedRequest(this.source.key, r, this.rng);
      for (const line of lines.before) this.aggregator.addLine(line, ++this.lineNo);
      this.aggregator.addLine(lines.access, ++this.lineNo);
    }
    this.failed = [];
  }

  minute(b: DemoBackendDef, minuteMs: number): void {
    const p = profile(b, this.timeline, minuteMs, this.rng);
    const bucket = new BucketState(minuteMs, b.name);
    this.counted.push(bucket);
    for (let i = 0; i < p.requests; i++) {
      let cause = drawFailure(p, this.rng);
      const atMs = cause === null ? 0 : minuteMs + Math.floor(this.rng.next() * MINUTE_MS);
      // A refused connection only while the origin is really down, to the second.
      if (cause === "connect_refused" && !searchDown(this.timeline, atMs)) cause = null;
      if (cause !== null) this.fail(b, p, cause, atMs);
      else this.succeed(b, p, bucket);
    }
    this.requests += p.requests;
  }

  private succeed(b: DemoBackendDef, p: MinuteProfile, bucket: BucketState): void {
    const r = this.request;
    r.status = this.rng.weighted(b.statuses);
    // Sizes only add up into the bytes counter: a uniform spread around the median is enough.
    r.bytes = r.status === 304 || r.status === 204 ? 0 : Math.round(b.bytesMedian * (0.2 + 1.6 * this.rng.next()));
    const hit = p.hitRatio > 0 && this.rng.chance(p.hitRatio);
    const ms = hit ? this.rng.logNormal(0.25, 0.5) : Math.min(this.rng.logNormal(p.medianMs, p.sigma), b.timeouts.firstByteMs * 0.98);
    // Where each parser puts the latency it reads (lib/ingest/aggregate-bucket.ts latencyOf):
    // varnishncsa's %D is the whole request; nginx, HAProxy and Envoy log the origin's header time.
    if (this.source.kind === "varnish") {
      r.totalMs = ms;
      // -b -c: a hit is a client line (handling hit); a fetch is a backend line with no handling.
      r.handling = hit ? "hit" : undefined;
    } else {
      r.upstreamHeaderMs = ms;
    }
    bucket.add(r, null);
  }

  private fail(b: DemoBackendDef, p: MinuteProfile, cause: FailedRequest["cause"], atMs: number): void {
    const status = cause === "backend_timeout" ? (this.source.kind === "nginx" ? 504 : 503) : cause === "backend_error" ? this.rng.weighted([[500, 7], [503, 3]] as const) : 503;
    const ms = cause === "backend_timeout" ? b.timeouts.firstByteMs + this.rng.between(0.2, 2) : this.rng.logNormal(p.medianMs, p.sigma);
    this.failed.push({ atMs, backend: b, cause, status, ms });
  }

  result(): SourceTraffic {
    this.flush();
    const parsed = this.aggregator.result();
    if (parsed.rejected > 0) {
      // The writers and the parsers disagree: a bug in lib/demo/lines.ts, never bad input.
      throw new Error(`demo: ${parsed.rejected} generated ${this.source.kind} lines did not parse: ${parsed.errors[0]?.reason ?? ""}`);
    }
    // A minute's 5xx were counted apart from its other requests: side by side, the two halves of
    // a (minute, backend) land in one write and are summed before the upsert (lib/rollups/write.ts).
    const buckets = [...this.counted.map((s) => s.toPlain()), ...parsed.buckets].sort(
      (a, b) => a.minuteMs - b.minuteMs || (a.backend < b.backend ? -1 : a.backend > b.backend ? 1 : 0),
    );
    return {
      source: this.source,
      buckets,
      samples: parsed.samples,
      requests: this.requests,
      serverErrors: parsed.buckets.reduce((n, bucket) => n + bucket.serverErrors, 0),
    };
  }
}

/** Every demo source's traffic over the timeline, deterministic for a given timeline. */
export function generateTraffic(timeline: DemoTimeline, seed: number): SourceTraffic[] {
  const rng = new DemoRandom(seed);
  const generators = DEMO_SOURCES.map((source) => new SourceGenerator(source, timeline, rng));
  for (let minuteMs = timeline.startMs; minuteMs < timeline.endMs; minuteMs += MINUTE_MS) {
    for (const b of DEMO_BACKENDS) {
      generators.find((g) => g.source.key === b.source)!.minute(b, minuteMs);
    }
    for (const g of generators) g.flush();
  }
  return generators.map((g) => g.result());
}
