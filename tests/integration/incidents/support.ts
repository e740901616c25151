// Real HAProxy httplog lines (tests/fixtures/proxies/haproxy, captured from HAProxy 2.6 by the
// ingest tests) re-dated to the minutes a test needs, and re-pointed at the backend it needs by
// renaming the `backend/server` field: the evidence (timers, termination state) stays as
// HAProxy wrote it.
import type { Database } from "@/lib/db/client";
import { createSource, sourceFromToken, type IngestSource } from "@/lib/sources/sources";
import { readFixture } from "../ingest/support/fixtures";
import { owner } from "../alerts/support";

const FIXTURE = readFixture("haproxy", "httplog-stdout.log").filter((l) => l.includes('"GET '));
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const STAMP = /\[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d\.\d{3}\]/;

const stamp = (ms: number) => {
  const d = new Date(ms);
  return `[${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 23)}]`;
};

/** HAProxy's own lines for one fixture backend ("slow", "refused", "err", "ok"), as `backend`, `count` of them from `atMs`. */
export function haproxyLines(fixtureBackend: string, backend: string, atMs: number, count: number): string[] {
  const pick = FIXTURE.filter((l) => l.includes(` web ${fixtureBackend}/`));
  if (pick.length === 0) throw new Error(`no HAProxy fixture lines for ${fixtureBackend}`);
  return Array.from({ length: count }, (_, i) => {
    const line = pick[i % pick.length]!;
    return line.replace(STAMP, stamp(atMs + Math.floor((i * 1000) / count))).replace(` web ${fixtureBackend}/`, ` web ${backend}/`);
  });
}

export async function haproxySource(db: Database, name: string): Promise<IngestSource> {
  const created = await createSource(db.prisma, owner, { name, kind: "haproxy", format: "option httplog" });
  const src = await sourceFromToken(db.prisma, created.token);
  if (!src) throw new Error("the source token does not resolve");
  return src;
}
