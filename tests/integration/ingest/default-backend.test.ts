// What a source declares about its lines, against a real database. Its default backend: lines
// that name no backend (nginx logging only $upstream_addr, or nothing at all for nginx's own 503)
// count under it; a name in the line ($proxy_host) still wins. A Varnish source fed by
// `varnishncsa -b`: the origin's own 5xx are backend_error even with no side or backend field.
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

test("a varnish source declared as fed by varnishncsa -b counts the origin's own 5xx as backend_error; only varnish may declare it", async () => {
  const format = '%h %l %u %t "%r" %s %b "%{VSL:FetchError}x"';
  const vtime = nginxTime(at);
  const vline = (status: number, fetchError: string, path: string) => `10.0.0.9 - - [${vtime}] "GET http://shop${path} HTTP/1.1" ${status} 0 "${fetchError}"`;
  const lines = [vline(200, "-", "/ok"), vline(500, "-", "/origin-500"), vline(503, "-", "/origin-503"), vline(503, "backend shop: fail errno 111 (Connection refused)", "/down")];

  const plain = await createSource(t.db.prisma, owner, { name: "varnish-b-undeclared", kind: "varnish", format, defaultBackend: "plain" });
  assert.equal(plain.backendSide, false);
  const declared = await createSource(t.db.prisma, owner, { name: "varnish-b", kind: "varnish", format, defaultBackend: "declared", backendSide: true });
  assert.equal(declared.backendSide, true);
  for (const created of [plain, declared]) assert.equal((await ingestBatch(t.db, (await sourceFromToken(t.db.prisma, created.token))!, lines)).accepted, 4);

  const s = await summary(t.db.sql, window());
  assert.deepEqual(s.byBackend["declared"]?.byCause, { backend_error: 2 });
  assert.deepEqual(s.byBackend["plain"]?.byCause, { unknown: 2 }, "undeclared, nothing says which side wrote a line");
  // Varnish's own failure names its backend in the FetchError, and keeps its cause either way.
  assert.deepEqual(s.byBackend["shop"]?.byCause, { connect_refused: 2 });

  await assert.rejects(createSource(t.db.prisma, owner, { name: "nginx-b", kind: "nginx", backendSide: true }), (e: Error & { fields?: unknown }) => {
    assert.match(e.message, /backendSide/);
    return true;
  });
});
