// The probe history's ranges and how the server thins them (shared with bench:dashboard, so it
// times what the backend page asks).
export const PROBE_RANGES = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000 } as const;
export type ProbeRange = keyof typeof PROBE_RANGES;
/** Results asked for at most (the API's limit). */
export const PROBE_RESULTS_LIMIT = 5_000;
/**
 * Longer ranges are thinned on the server to one check per slot (plus every failed one): 24 h at a
 * 5 s interval is 17,280 checks, more than a chart can draw or the limit would keep.
 */
export const PROBE_EVERY_S: Record<ProbeRange, number | null> = { "1h": null, "6h": 15, "24h": 60 };

/** The results API path the probe history reads for a range ending at `toMs`. */
export function probeResultsPath(probeId: string, range: ProbeRange, toMs: number): string {
  const every = PROBE_EVERY_S[range];
  const from = toMs - PROBE_RANGES[range];
  return `/api/v1/probes/${encodeURIComponent(probeId)}/results?from=${from}&to=${toMs}&limit=${PROBE_RESULTS_LIMIT}${every === null ? "" : `&every=${every}`}`;
}
