// What a full evaluation cycle reads, for many rules at once: one query per window length for
// every backend the rules cover (not one per rule), one per no_data lookback, one for probes, one
// per capacity window, one for timeouts; then each rule takes its scope's share. Windows of 3
// hours and more sum whole hours from the hour rollups (ingest writes them with the minutes they
// hold) and only the partial hours at their edges from minute rows: a 3-day burn-rate window is
// 72 hour rows and at most 120 minute rows per backend, not 4,320.
// Rules scoped to a source sum only that source's rows: they keep the per-rule reads of data.ts.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgText } from "@/lib/db/text";
import {
  assemble,
  counts,
  instanceKeys,
  lastMinuteOf,
  num,
  readBackends,
  readCapacity,
  readLastSeen,
  readProbes,
  scopeSql,
  type BackendRow,
  type ReadFacts,
  type ReadRequest,
} from "@/lib/alerts/data";
import type { DataNeeds, InstanceData, RollupMap, WindowTotals } from "@/lib/alerts/kinds/types";
import type { LoadedRule } from "@/lib/alerts/load-rules";
import { MAP_COLUMN, sumRowsSql } from "@/lib/alerts/sum-sql";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const HOURS_FROM = 3 * HOUR_MS;

/** Whether a rule's data can be read with others' (every scope but a source's). */
export const batchable = (rule: LoadedRule): boolean => rule.scope.source === undefined;

/** Window totals of one length ending with the minute holding `at`, per backend. */
async function readWindow(q: SqlQueryable, seconds: number, maps: Set<RollupMap>, at: number, only: string[] | null): Promise<Map<string, WindowTotals>> {
  const last = lastMinuteOf(at);
  const first = last - seconds * 1000 + MINUTE_MS;
  let hourFrom = Math.ceil(first / HOUR_MS) * HOUR_MS;
  let hourTo = Math.floor((last + MINUTE_MS) / HOUR_MS) * HOUR_MS;
  // Short windows: minute rows only (the hour range left empty).
  if (seconds * 1000 < HOURS_FROM || hourTo <= hourFrom) hourFrom = hourTo = last + MINUTE_MS;
  const cols = `backend, requests, errors_5xx, errors_503${[...maps].map((m) => `, ${MAP_COLUMN[m]}`).join("")}`;
  const rows = await q.query<Record<string, unknown>>(
    sumRowsSql(
      `SELECT ${cols} FROM rollup_minute
       WHERE ((bucket >= to_timestamp($1 / 1000.0) AND bucket < to_timestamp($2 / 1000.0)) OR (bucket >= to_timestamp($3 / 1000.0) AND bucket <= to_timestamp($4 / 1000.0)))
         AND ($5::text[] IS NULL OR backend = ANY($5::text[]))
       UNION ALL
       SELECT ${cols} FROM rollup_hour
       WHERE bucket >= to_timestamp($2 / 1000.0) AND bucket < to_timestamp($3 / 1000.0) AND ($5::text[] IS NULL OR backend = ANY($5::text[]))`,
      ["backend"],
      maps,
    ),
    [first, hourFrom, hourTo, last, only],
  );
  return new Map(
    rows.map((row) => [
      String(row.backend),
      { requests: num(row.requests), errors5xx: num(row.e5), errors503: num(row.e503), statusCounts: counts(row.sc), causeCounts: counts(row.cc), latencyHist: counts(row.lh) },
    ]),
  );
}

const group = <K, V>(items: V[], key: (v: V) => K | undefined): Map<K, V[]> => {
  const out = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
};

/**
 * Instance data for each rule (all batchable), keyed by rule id then instance. `known`: each
 * rule's instances with stored state.
 */
export async function readBatchData(q: SqlQueryable, rules: LoadedRule[], at: number, known: Map<string, string[]>): Promise<Map<string, Map<string, InstanceData>>> {
  const all = scopeSql({});
  const scoped = rules.every((r) => r.scope.backend !== undefined);
  const only = scoped ? [...new Set(rules.map((r) => r.scope.backend!))].map(pgText) : null;
  const request = (needs: Partial<DataNeeds>): ReadRequest => ({ scope: {}, at, only: only ?? undefined, needs: { windows: [], maps: [], instancesFrom: "traffic", ...needs } });

  const windows = new Map<number, Map<string, WindowTotals>>();
  for (const [seconds, users] of group(rules.flatMap((r) => r.condition.needs.windows.map((w) => ({ seconds: w.seconds, maps: r.condition.needs.maps }))), (u) => u.seconds)) {
    windows.set(seconds, await readWindow(q, seconds, new Set(users.flatMap((u) => u.maps)), at, only));
  }
  const lastSeen = new Map<number, Map<string, number>>();
  for (const lookback of group(rules, (r) => r.condition.needs.lastSeenLookback?.seconds).keys()) {
    lastSeen.set(lookback, await readLastSeen(q, all, request({ lastSeenLookback: { path: [], seconds: lookback } })));
  }
  const probeCount = Math.max(0, ...rules.map((r) => r.condition.needs.probeResults ?? 0));
  const probes = rules.some((r) => r.condition.needs.probeResults !== undefined) ? await readProbes(q, all, request({ probeResults: Math.max(1, probeCount) })) : new Map();
  const capacity = new Map<number, Awaited<ReturnType<typeof readCapacity>>>();
  for (const window of group(rules, (r) => r.condition.needs.capacityWindow).keys()) capacity.set(window, await readCapacity(q, all, request({ capacityWindow: window })));
  const tags = rules.some((r) => r.scope.tag !== undefined)
    ? new Map((await q.query<{ name: string; tags: string[] }>("SELECT name, tags FROM backends")).map((b) => [b.name, b.tags]))
    : new Map<string, string[]>();

  const perRule = new Map<string, { keys: Set<string>; facts: ReadFacts }>();
  for (const rule of rules) {
    const needs = rule.condition.needs;
    const inScope = (b: string) =>
      rule.scope.backend !== undefined ? b === rule.scope.backend : rule.scope.tag !== undefined ? (tags.get(b) ?? []).includes(rule.scope.tag) : true;
    // A rule on one backend looks its backend up; scanning every backend's entry for each of a
    // thousand rules cost more than the reads.
    const one = rule.scope.backend;
    const pick = <V>(m: Map<string, V> | undefined): Map<string, V> => {
      if (!m) return new Map();
      if (one === undefined) return new Map([...m].filter(([b]) => inScope(b)));
      const v = m.get(one);
      return v === undefined ? new Map() : new Map([[one, v]]);
    };
    const ruleWindows = new Map<string, Map<number, WindowTotals>>();
    for (const w of needs.windows) {
      for (const [b, t] of pick(windows.get(w.seconds))) ruleWindows.set(b, (ruleWindows.get(b) ?? new Map<number, WindowTotals>()).set(w.seconds, t));
    }
    const n = needs.probeResults;
    const facts: ReadFacts = {
      windows: ruleWindows,
      lastSeen: needs.lastSeenLookback ? pick(lastSeen.get(needs.lastSeenLookback.seconds)) : new Map(),
      probes: n === undefined ? new Map() : new Map([...pick(probes)].map(([b, list]) => [b, list.map((p: { recent: boolean[] }) => ({ ...p, recent: p.recent.slice(-n) }))])),
      capacity: needs.capacityWindow === undefined ? new Map() : pick(capacity.get(needs.capacityWindow)),
    };
    perRule.set(rule.id, { keys: instanceKeys({ scope: rule.scope, needs }, facts, known.get(rule.id) ?? []), facts });
  }
  const timeoutKeys = rules.filter((r) => r.condition.needs.timeouts).flatMap((r) => [...perRule.get(r.id)!.keys]);
  const timeouts = timeoutKeys.length > 0 ? await readBackends(q, [...new Set(timeoutKeys)]) : new Map<string, BackendRow>();
  return new Map(rules.map((r) => [r.id, assemble(perRule.get(r.id)!.keys, perRule.get(r.id)!.facts, r.condition.needs.timeouts ? timeouts : new Map())]));
}
