// Each CDN's cache-status words in Varnish's handling vocabulary (types.ts CACHE_HANDLINGS), so
// the cache view (hit ratio, origin fetches) reads every source the same way. A fetch from the
// origin is a miss (expired and revalidated objects too: the origin was asked) or a pass (not
// cacheable: bypass, dynamic); anything served from cache, even stale, is a hit.
import type { CacheHandling } from "@/lib/ingest/types";

const WORDS = new Map<string, CacheHandling>([
  // Cloudflare CacheCacheStatus (https://developers.cloudflare.com/logs/reference/log-fields/zone/http_requests/)
  ["hit", "hit"], ["stale", "hit"], ["updating", "hit"], ["stream_hit", "hit"],
  ["miss", "miss"], ["expired", "miss"], ["revalidated", "miss"],
  ["bypass", "pass"], ["dynamic", "pass"],
  // Fastly fastly_info.state (https://www.fastly.com/documentation/reference/vcl/variables/miscellaneous/fastly-info-state/);
  // suffixed states (HIT-STALE, MISS-CLUSTER, ...) fall back to the word before the first "-".
  ["HIT", "hit"], ["MISS", "miss"], ["PASS", "pass"], ["PIPE", "pipe"], ["HITPASS", "hitpass"], ["HIT-SYNTH", "synth"],
  // CloudFront x-edge-result-type (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html)
  ["Hit", "hit"], ["RefreshHit", "hit"], ["Miss", "miss"],
  // Akamai DataStream 2 cacheStatus: 1 served from the edge cache, 0 from the parent or origin.
  ["1", "hit"], ["0", "miss"],
]);

/** `word` is at line[start, end): compared in place, no substring made. */
function wordAt(line: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (line.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** The handling a CDN cache-status word means, or undefined for words that say nothing (none, unknown, ERROR). */
export function handlingFromCdn(line: string, start: number, end: number): CacheHandling | undefined {
  // The words of most lines, without a substring: CloudFront's Hit/Miss, Cloudflare's hit/miss.
  const first = line.charCodeAt(start);
  if ((first === 72 || first === 104) && end - start === 3 && wordAt(line, start + 1, end, "it")) return "hit";
  if ((first === 77 || first === 109) && end - start === 4 && wordAt(line, start + 1, end, "iss")) return "miss";
  const word = line.slice(start, end);
  const known = WORDS.get(word);
  if (known !== undefined) return known;
  const dash = word.indexOf("-");
  return dash > 0 ? WORDS.get(word.slice(0, dash)) : undefined;
}
