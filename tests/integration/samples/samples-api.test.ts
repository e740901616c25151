// GET /api/v1/samples against the real server: nginx lines ingested through POST /api/v1/ingest,
// then the raw 5xx lines read back with every filter, page by page, with the complete counts from
// the rollups beside them; bad parameters are 400s naming the parameter; viewers may read.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";

const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";

interface Sample {
  id: string;
  at: string;
  minute: string;
  source: { id: string; name: string | null };
  backend: string;
  status: number;
  cause: string;
  line: string;
  fields: Record<string, unknown>;
}
interface Answer {
  items: Sample[];
  nextCursor: string | null;
  keptPerMinute: number;
  keptForDays: number;
  totals: { requests: number; errors: number; byCause: Record<string, number>; byStatus: Record<string, number> };
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

// Two recent whole minutes, so the rollups answer from the minute table.
const M1 = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
const M2 = M1 + 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function timeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}
const head = (ms: number, path: string) => `10.1.0.9 - - ${timeLocal(ms)} "GET ${path} HTTP/1.1"`;
const timeout = (ms: number, n: number) => `${head(ms, `/api/slow/${n}`)} 504 167 "-" "it" api 10.0.2.7:9000 504 0.001 - 5.001 5.003`;
const refused = (ms: number, n: number) => `${head(ms, `/api/down/${n}`)} 502 157 "-" "it" api 10.0.2.7:9000 502 - - 0.000 0.001`;
const originError = (ms: number) => `${head(ms, "/cart")} 503 230 "-" "it" shop 10.0.1.5:8080 503 0.001 0.020 0.021 0.021`;
const ok = (ms: number) => `${head(ms, "/")} 200 5120 "-" "it" shop 10.0.1.5:8080 200 0.001 0.040 0.042 0.043`;

let s: RunningServer;
const sources: Record<string, { id: string; token: string }> = {};

const api = (path: string, token = s.token) => fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
async function read(query: string, token?: string): Promise<Answer> {
  const r = await api(`/api/v1/samples?${query}`, token);
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()) as Answer;
}
async function ingest(source: string, lines: string[]) {
  const r = await fetch(`${s.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${sources[source]!.token}`, "content-type": "text/plain" },
    body: lines.join("\n") + "\n",
  });
  assert.equal(r.status, 202);
  assert.deepEqual(((await r.json()) as { rejected: number }).rejected, 0);
}

before(async () => {
  s = await startServer();
  for (const name of ["edge", "edge-2"]) {
    const r = await fetch(`${s.baseUrl}/api/v1/sources`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name, kind: "nginx", format: NGINX_FORMAT }),
    });
    assert.equal(r.status, 201);
    sources[name] = (await r.json()) as { id: string; token: string };
  }
  // Minute 1: 7 timeouts on api (only 5 are kept), 2 refused, the shop origin's own 503, traffic.
  // Two batches, so the bound of 5 holds across batches too.
  await ingest("edge", [ok(M1 + 1000), ...[0, 1, 2, 3].map((i) => timeout(M1 + 2000 + i * 1000, i)), refused(M1 + 20_000, 0)]);
  await ingest("edge", [...[4, 5, 6].map((i) => timeout(M1 + 30_000 + i * 1000, i)), refused(M1 + 40_000, 1), originError(M1 + 50_000), ok(M1 + 55_000)]);
  // Minute 2: three more timeouts; and another proxy's timeout in minute 1.
  await ingest("edge", [0, 1, 2].map((i) => timeout(M2 + 5000 + i * 1000, 100 + i)));
  await ingest("edge-2", [timeout(M1 + 45_000, 200)]);
});
after(async () => {
  await s?.stop();
});

const minute1 = `from=${iso(M1)}&to=${iso(M2)}`;

test("a minute's samples: newest first, each with its source, raw line and parsed fields; the counts are complete", async () => {
  const a = await read(minute1);
  assert.equal(a.keptPerMinute, 5);
  assert.equal(a.keptForDays, 14);
  // 5 of 7 timeouts (edge) + 1 timeout (edge-2) + 2 refused + 1 origin 503.
  assert.equal(a.items.length, 9);
  const times = a.items.map((i) => Date.parse(i.at));
  assert.deepEqual(times, [...times].sort((x, y) => y - x), "newest first");
  assert.ok(a.items.every((i) => i.minute === iso(M1)));
  assert.deepEqual(a.totals.byCause, { backend_timeout: 8, connect_refused: 2, backend_error: 1 });
  assert.equal(a.totals.errors, 11);
  assert.equal(a.totals.requests, 13);
  assert.deepEqual(a.totals.byStatus, { "502": 2, "503": 1, "504": 8 });

  const origin = a.items.find((i) => i.cause === "backend_error")!;
  assert.equal(origin.line, originError(M1 + 50_000), "the raw line, exactly as sent");
  assert.equal(origin.status, 503);
  assert.equal(origin.backend, "shop");
  assert.deepEqual(origin.source, { id: sources.edge!.id, name: "edge" });
  assert.equal(origin.at, iso(M1 + 50_000));
  assert.equal(origin.fields.status, 503);
  assert.equal(origin.fields.path, "/cart");
  assert.equal((origin.fields.evidence as Record<string, unknown>).nginxUpstreamStatus, "503");
});

test("filters: backend, cause, status and source (by id or name) narrow the samples; the counts follow backend and source", async () => {
  const timeouts = await read(`${minute1}&backend=api&cause=backend_timeout`);
  assert.equal(timeouts.items.length, 6);
  assert.ok(timeouts.items.every((i) => i.cause === "backend_timeout" && i.backend === "api"));
  assert.deepEqual(timeouts.totals.byCause, { backend_timeout: 8, connect_refused: 2 });

  const byName = await read(`${minute1}&source=edge-2`);
  const byId = await read(`${minute1}&source=${sources["edge-2"]!.id}`);
  assert.deepEqual(byName.items, byId.items);
  assert.equal(byName.items.length, 1);
  assert.equal(byName.items[0]!.source.name, "edge-2");
  assert.equal(byName.totals.errors, 1);

  const refusedOnly = await read(`${minute1}&status=502`);
  assert.deepEqual(refusedOnly.items.map((i) => [i.status, i.cause]), [[502, "connect_refused"], [502, "connect_refused"]]);

  const none = await read(`${minute1}&backend=shop&cause=backend_timeout`);
  assert.deepEqual(none.items, []);
  assert.equal(none.nextCursor, null);
  assert.equal(none.totals.byCause.backend_error, 1);
});

test("keyset pagination walks every sample once, newest first, across minutes", async () => {
  const window = `from=${iso(M1)}&to=${iso(M2 + 60_000)}`;
  const all = await read(`${window}&limit=500`);
  assert.equal(all.items.length, 12);
  assert.equal(all.nextCursor, null);
  const seen: Sample[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Answer = await read(`${window}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    assert.ok(page.items.length <= 5);
    seen.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  assert.equal(pages, 3);
  assert.deepEqual(seen.map((i) => i.id), all.items.map((i) => i.id));
  assert.equal(new Set(seen.map((i) => i.id)).size, 12);
  assert.equal(Date.parse(seen[0]!.at), M2 + 7000, "the newest first");

  // The default page is 50.
  assert.equal((await read(window)).items.length, 12);
});

test("bad parameters are 400s naming the parameter", async () => {
  const cases: Array<[string, string]> = [
    [`to=${iso(M2)}`, "from"],
    [`from=yesterday&to=${iso(M2)}`, "from"],
    [`from=${iso(M2)}&to=${iso(M1)}`, "to"],
    [`${minute1}&cause=slow`, "cause"],
    [`${minute1}&status=404`, "status"],
    [`${minute1}&limit=0`, "limit"],
    [`${minute1}&limit=501`, "limit"],
    [`${minute1}&limit=ten`, "limit"],
    [`${minute1}&cursor=not-a-cursor`, "cursor"],
    [`${minute1}&source=nowhere`, "source"],
  ];
  for (const [query, param] of cases) {
    const r = await api(`/api/v1/samples?${query}`);
    assert.equal(r.status, 400, query);
    const body = (await r.json()) as ErrorBody;
    assert.equal(body.error.code, "bad_request");
    assert.ok(body.error.fields?.some((f) => f.path === param), `${query}: ${JSON.stringify(body.error.fields)}`);
    assert.match(body.error.message, new RegExp(param));
  }
});

test("a viewer reads samples; without credentials it is 401; the OpenAPI document lists the path", async () => {
  const t = await fetch(`${s.baseUrl}/api/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "viewer", role: "viewer" }),
  });
  const viewer = ((await t.json()) as { token: string }).token;
  assert.equal((await read(minute1, viewer)).items.length, 9);
  assert.equal((await fetch(`${s.baseUrl}/api/v1/samples?${minute1}`)).status, 401);

  const doc = (await (await api("/api/v1/openapi.json")).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
  assert.deepEqual(
    doc.paths["/api/v1/samples"]?.get?.parameters?.map((p) => p.name),
    ["from", "to", "source", "backend", "cause", "status", "limit", "cursor"],
  );
});
