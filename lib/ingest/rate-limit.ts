// A token bucket per source, in lines: a source may send `rate` lines per second on average and
// bursts of up to twice that. Kept in process memory: each instance enforces its own share.
export class LineRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `lines` tokens, or answers how many seconds to wait before the batch would fit. */
  take(sourceId: string, lines: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const capacity = this.ratePerSecond * 2;
    const t = this.now();
    const b = this.buckets.get(sourceId) ?? { tokens: capacity, at: t };
    b.tokens = Math.min(capacity, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    this.buckets.set(sourceId, b);
    // A batch larger than the whole bucket would never fit: let it through once the bucket is full.
    const need = Math.min(lines, capacity);
    if (b.tokens >= need) {
      b.tokens -= lines;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((need - b.tokens) / this.ratePerSecond)) };
  }
}
