// A source's default backend, against a real database: lines that name no backend (nginx logging
// only $upstream_addr, or nothing at all for nginx's own 503) count under it; a name in the line
// ($proxy_host) still wins.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { freshDatabase, type TestDatabase } from "../../helpers/db";
import { createSource, sourceFromToken } from "@/lib/sources/sources";
import { ingestBatch } from "@/lib/ingest/intake";
import { summary } from "@/lib/rollups/queries";
import type { Actor } from "@/lib/auth/permissions";

const owner: Actor = { kind: "cli", id: "cli", role: "owner" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const nginxTime = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
const HEAD = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
const at = new Date(Date.now() - 5 * 60_000);
const line = (status: number, tail: string) => `10.0.0.7 - - [${nginxTime(at)}] "GET / HTTP/1.1" ${status} 10 "-" "curl/8" ${tail}`;

let t: TestDatabase;
before(async () => {
  t = await freshDatabase("default-backend");
});
after(async () => {
  await t?.cleanup();
});

async function source(name: string, format: string, defaultBackend?: string) {
  const created = await createSource(t.db.prisma, owner, { name, kind: "nginx", format, defaultBackend });
  return (await sourceFromToken(t.db.prisma, created.token))!;
}

const window = () => ({ from: at.getTime() - 120_000, to: Date.now() + 60_000 });

test("lines naming no backend count under the source's default backend; a logged name wins", async () => {
  const byAddress = await source("by-address", `${HEAD} $upstream_addr $upstream_status`, "web");
  const a = await ingestBatch(t.db, byAddress, [line(200, "10.1.2.3:8080 200"), line(502, "10.1.2.3:8080 502"), line(503, "- -")]);
  assert.equal(a.accepted, 3);

  const named = await source("named", `${HEAD} $proxy_host $upstream_addr $upstream_status`, "web");
  const b = await ingestBatch(t.db, named, [line(200, "shop 10.1.2.4:8080 200"), line(200, "- 10.1.2.5:8080 200")]);
  assert.equal(b.accepted, 2);

  const noDefault = await source("no-default", `${HEAD} $upstream_addr $upstream_status`);
  await ingestBatch(t.db, noDefault, [line(200, "10.9.9.9:80 200")]);

  const s = await summary(t.db.sql, window());
  assert.equal(s.byBackend["web"]?.total, 4, JSON.stringify(Object.keys(s.byBackend)));
  assert.equal(s.byBackend["shop"]?.total, 1);
  assert.equal(s.byBackend["10.9.9.9:80"]?.total, 1, "without a default, the address as logged");
  assert.equal(s.byBackend["10.1.2.3:8080"], undefined, "the source's default backend, not the IP");
  const backends = await t.db.prisma.backend.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  assert.deepEqual(backends.map((x) => x.name), ["10.9.9.9:80", "shop", "web"]);
});
