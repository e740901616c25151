// The history: transitions appended to alert_transitions, each written once (the unique key on
// rule, instance, event time and to-state absorbs a second worker or a repeated replay).
import type { SqlQueryable } from "@/lib/db/sql";
import { pgText } from "@/lib/db/text";
import type { AlertStateName, Transition } from "@/lib/alerts/state-machine";

export interface InstanceTransition extends Transition {
  instanceKey: string;
  silenced: boolean;
  /** The silence that matched, when one did (not stored with the transition; notifications name it). */
  silenceId?: string | null;
}

/** Appends transitions; answers the ones that were new (incidents follow only those). */
export async function recordTransitions(tx: SqlQueryable, ruleId: string, transitions: InstanceTransition[]): Promise<InstanceTransition[]> {
  return recordTransitionsOf(tx, transitions.map((t) => ({ ...t, ruleId })));
}

/** Appends transitions of any rules in one statement; answers the ones that were new. */
export async function recordTransitionsOf<T extends InstanceTransition & { ruleId: string }>(tx: SqlQueryable, transitions: T[]): Promise<T[]> {
  if (transitions.length === 0) return [];
  const rows = await tx.query<{ rule: string; k: string; t: string; at: number }>(
    `INSERT INTO alert_transitions (rule_id, instance_key, from_state, to_state, at, value, threshold, reason, backfilled, silenced)
     SELECT u.rule, u.k, u.f, u.t, to_timestamp(u.at / 1000.0), u.v, u.th, u.r, u.b, u.s
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::bool[], $10::bool[])
          AS u(rule, k, f, t, at, v, th, r, b, s)
     ON CONFLICT (rule_id, instance_key, at, to_state) DO NOTHING
     RETURNING rule_id AS rule, instance_key AS k, to_state AS t, extract(epoch FROM at) * 1000 AS at`,
    [
      transitions.map((t) => t.ruleId),
      transitions.map((t) => pgText(t.instanceKey)),
      transitions.map((t) => t.from),
      transitions.map((t) => t.to),
      transitions.map((t) => t.at),
      transitions.map((t) => t.value),
      transitions.map((t) => t.threshold),
      transitions.map((t) => (t.reason === null ? null : pgText(t.reason))),
      transitions.map((t) => t.backfilled),
      transitions.map((t) => t.silenced),
    ],
  );
  const fresh = new Set(rows.map((r) => `${r.rule}\u0000${r.k}\u0000${r.t}\u0000${Number(r.at)}`));
  return transitions.filter((t) => fresh.has(`${t.ruleId}\u0000${pgText(t.instanceKey)}\u0000${t.to}\u0000${t.at}`));
}

export interface StoredTransition {
  to: AlertStateName;
  at: number;
  value: number | null;
  threshold: number | null;
  reason: string | null;
}

/** The last transition of each instance at or before an event time (one query): where a replay of late data starts. */
export async function transitionsBefore(tx: SqlQueryable, ruleId: string, instanceKeys: string[], at: number): Promise<Map<string, StoredTransition>> {
  const rows = await tx.query<{ key: string; to: AlertStateName; at: number; value: number | null; threshold: number | null; reason: string | null }>(
    `SELECT DISTINCT ON (instance_key) instance_key AS key, to_state AS "to", extract(epoch FROM at) * 1000 AS at, value, threshold, reason
     FROM alert_transitions
     WHERE rule_id = $1 AND instance_key = ANY($2::text[]) AND at <= to_timestamp($3 / 1000.0)
     ORDER BY instance_key, at DESC, id DESC`,
    [ruleId, instanceKeys.map(pgText), at],
  );
  const num = (v: number | null) => (v === null ? null : Number(v));
  return new Map(rows.map(({ key, ...r }) => [key, { ...r, at: Number(r.at), value: num(r.value), threshold: num(r.threshold) }]));
}
