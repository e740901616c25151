// nginx access lines (the upstream-aware format the ingest tests use) for the alert tests.
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { createSource, sourceFromToken, type IngestSource } from "@/lib/sources/sources";
import { ingestBatch } from "@/lib/ingest/intake";

export const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "ua=$upstream_addr us=$upstream_status uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time rt=$request_time";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const nginxTime = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;

export const BACKEND = "10.0.0.2:8080";

export function line(atMs: number, status: number, backend = BACKEND): string {
  const d = new Date(atMs);
  return `10.0.0.7 - - [${nginxTime(d)}] "GET /x HTTP/1.1" ${status} 512 "-" "curl/8" ua=${backend} us=${status} uct=0.001 uht=0.020 urt=0.020 rt=0.021`;
}

/** `count` lines with `status`, spread over the second starting at atMs. */
export const lines = (atMs: number, status: number, count: number, backend = BACKEND) =>
  Array.from({ length: count }, (_, i) => line(atMs + Math.floor((i * 1000) / count), status, backend));

export async function nginxSource(db: Database, name = "edge"): Promise<IngestSource> {
  const created = await createSource(db.prisma, owner, { name, kind: "nginx", format: NGINX_FORMAT });
  const src = await sourceFromToken(db.prisma, created.token);
  if (!src) throw new Error("the source token does not resolve");
  return src;
}

export async function ingest(db: Database, src: IngestSource, batch: string[]): Promise<void> {
  const answer = await ingestBatch(db, src, batch);
  if (answer.rejected > 0) throw new Error(`lines rejected: ${JSON.stringify(answer.errors)}`);
}

export interface TransitionRow {
  instance: string;
  from: string;
  to: string;
  at: number;
  value: number | null;
  threshold: number | null;
  backfilled: boolean;
  silenced: boolean;
}

export async function transitions(db: Database, ruleId: string): Promise<TransitionRow[]> {
  const rows = await db.sql.query<TransitionRow>(
    `SELECT instance_key AS instance, from_state AS "from", to_state AS "to", extract(epoch FROM at) * 1000 AS at, value, threshold, backfilled, silenced
     FROM alert_transitions WHERE rule_id = $1 ORDER BY at, id`,
    [ruleId],
  );
  return rows.map((r) => ({ ...r, at: Number(r.at), value: r.value === null ? null : Number(r.value), threshold: r.threshold === null ? null : Number(r.threshold) }));
}

export async function instanceState(db: Database, ruleId: string, key = BACKEND): Promise<string | undefined> {
  const rows = await db.sql.query<{ state: string }>(`SELECT state FROM alert_instances WHERE rule_id = $1 AND instance_key = $2`, [ruleId, key]);
  return rows[0]?.state;
}
