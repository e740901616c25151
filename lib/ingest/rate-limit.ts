// A token bucket per source, in lines: a source may send `rate` lines per second on average and
// bursts of up to twice that. Kept in process memory: each instance enforces its own share.
type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export class LineRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether a batch of `lines` would fit now, taking nothing: the endpoint asks before reading a
   * body (lines = 1) and again as the body's lines are counted, so an over-rate source is refused
   * before its lines are split and parsed.
   */
  check(sourceId: string, lines: number): Verdict {
    return this.verdict(this.refill(sourceId), lines);
  }

  /** Takes `lines` tokens, or answers how many seconds to wait before the batch would fit. */
  take(sourceId: string, lines: number): Verdict {
    const b = this.refill(sourceId);
    const v = this.verdict(b, lines);
    if (v.ok) b.tokens -= lines;
    return v;
  }

  private refill(sourceId: string): { tokens: number; at: number } {
    const capacity = this.ratePerSecond * 2;
    const t = this.now();
    const b = this.buckets.get(sourceId) ?? { tokens: capacity, at: t };
    b.tokens = Math.min(capacity, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    this.buckets.set(sourceId, b);
    return b;
  }

  private verdict(b: { tokens: number }, lines: number): Verdict {
    // A batch larger than the whole bucket would never fit: let it through once the bucket is full.
    const need = Math.min(lines, this.ratePerSecond * 2);
    if (b.tokens >= need) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((need - b.tokens) / this.ratePerSecond)) };
  }
}
