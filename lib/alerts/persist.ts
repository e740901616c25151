// Instance state in and out of alert_instances: what the state machine starts from and leaves.
import type { SqlQueryable } from "@/lib/db/sql";
import { pgText } from "@/lib/db/text";
import { ALERT_STATES, type AlertStateName, type InstanceState } from "@/lib/alerts/state-machine";

interface InstanceRow {
  key: string;
  state: string;
  since: number;
  activeAt: number | null;
  lastTrueAt: number | null;
  value: number | null;
  threshold: number | null;
  reason: string | null;
  evaluatedAt: number | null;
  failures: number;
}

const ms = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const isState = (v: string): v is AlertStateName => (ALERT_STATES as readonly string[]).includes(v);

/** Stored states of a rule's instances (only the given ones, when `only` is set). */
export async function loadInstances(tx: SqlQueryable, ruleId: string, only?: string[]): Promise<Map<string, InstanceState>> {
  return (await loadInstancesOf(tx, [ruleId], only)).get(ruleId) ?? new Map();
}

/** Stored states of several rules' instances, by rule id, in one query. */
export async function loadInstancesOf(tx: SqlQueryable, ruleIds: string[], only?: string[]): Promise<Map<string, Map<string, InstanceState>>> {
  const rows = await tx.query<InstanceRow & { ruleId: string }>(
    `SELECT rule_id AS "ruleId", instance_key AS key, state, extract(epoch FROM since) * 1000 AS since, extract(epoch FROM active_at) * 1000 AS "activeAt",
            extract(epoch FROM last_true_at) * 1000 AS "lastTrueAt", value, threshold, reason, extract(epoch FROM evaluated_at) * 1000 AS "evaluatedAt", failures
     FROM alert_instances WHERE rule_id = ANY($1::text[]) AND ($2::text[] IS NULL OR instance_key = ANY($2::text[]))`,
    [ruleIds, only?.map(pgText) ?? null],
  );
  const out = new Map<string, Map<string, InstanceState>>(ruleIds.map((id) => [id, new Map()]));
  for (const r of rows) {
    out.get(r.ruleId)?.set(r.key, {
      // A state this version does not know (written by a newer one) is read as normal.
      state: isState(r.state) ? r.state : "normal",
      since: Number(r.since),
      activeAt: ms(r.activeAt),
      lastTrueAt: ms(r.lastTrueAt),
      value: r.value === null ? null : Number(r.value),
      threshold: r.threshold === null ? null : Number(r.threshold),
      reason: r.reason,
      evaluatedAt: ms(r.evaluatedAt),
      failures: Number(r.failures),
    });
  }
  return out;
}

const ts = (v: number | null) => (v === null ? null : v / 1000);

/** Upserts the states of a rule's instances, in one statement. */
export async function saveInstances(tx: SqlQueryable, ruleId: string, states: [string, InstanceState][]): Promise<void> {
  await saveInstancesOf(tx, states.map(([key, state]) => ({ ruleId, key, state })));
}

/** Upserts instance states of any rules, in one statement. */
export async function saveInstancesOf(tx: SqlQueryable, states: { ruleId: string; key: string; state: InstanceState }[]): Promise<void> {
  if (states.length === 0) return;
  await tx.query(
    `INSERT INTO alert_instances AS a (rule_id, instance_key, state, since, active_at, last_true_at, value, threshold, reason, evaluated_at, failures, updated_at)
     SELECT u.rule, u.k, u.s, to_timestamp(u.since), to_timestamp(u.active), to_timestamp(u.last_true), u.v, u.t, u.r, to_timestamp(u.eval), u.f, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::text[], $10::float8[], $11::int[])
          AS u(rule, k, s, since, active, last_true, v, t, r, eval, f)
     ON CONFLICT (rule_id, instance_key) DO UPDATE SET
       state = EXCLUDED.state, since = EXCLUDED.since, active_at = EXCLUDED.active_at, last_true_at = EXCLUDED.last_true_at,
       value = EXCLUDED.value, threshold = EXCLUDED.threshold, reason = EXCLUDED.reason, evaluated_at = EXCLUDED.evaluated_at,
       failures = EXCLUDED.failures, updated_at = now()`,
    [
      states.map((x) => x.ruleId),
      states.map((x) => pgText(x.key)),
      states.map((x) => x.state.state),
      states.map((x) => ts(x.state.since)),
      states.map((x) => ts(x.state.activeAt)),
      states.map((x) => ts(x.state.lastTrueAt)),
      states.map((x) => x.state.value),
      states.map((x) => x.state.threshold),
      states.map((x) => (x.state.reason === null ? null : pgText(x.state.reason))),
      states.map((x) => ts(x.state.evaluatedAt)),
      states.map((x) => x.state.failures),
    ],
  );
}
