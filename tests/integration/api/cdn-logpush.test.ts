// Issue #17's contract against the real (production-mode) server: a Cloudflare source is created
// with no format and its token ingests Logpush NDJSON as Logpush's HTTP destination sends it:
// gzip, with the token in a `header_Authorization` query parameter, accepted over TLS only.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s?.stop();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${s.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json", ...(init.headers as Record<string, string>) } });
const gz = (data: string) => new Uint8Array(gzipSync(data));

const minute = Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000;
const record = (offsetMs: number, status: number, origin: number, cache: string) =>
  JSON.stringify({ EdgeStartTimestamp: (minute + offsetMs) * 1e6, EdgeResponseStatus: status, OriginResponseStatus: origin, CacheCacheStatus: cache, ClientRequestHost: "shop.example", ClientRequestURI: "/", ClientRequestMethod: "GET", ClientIP: "192.0.2.9" });
const BATCH = [record(1000, 521, 0, "miss"), record(2000, 522, 0, "miss"), record(3000, 524, 0, "miss"), record(4000, 200, 200, "hit"), record(5000, 200, 0, "hit")].join("\n");

test('POST /api/v1/sources {"name", "kind": "cloudflare"} answers 201; its token ingests Logpush gzip NDJSON from the query parameter over TLS', async () => {
  const created = await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "cf", kind: "cloudflare" }) });
  assert.equal(created.status, 201);
  const src = (await created.json()) as { id: string; kind: string; format: string | null; token: string };
  assert.equal(src.kind, "cloudflare");
  assert.equal(src.format, null);

  const url = `${s.baseUrl}/api/v1/ingest?header_Authorization=${encodeURIComponent(`Bearer ${src.token}`)}`;
  const push = (headers: Record<string, string>) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip", ...headers }, body: gz(BATCH) });

  // Plain HTTP: a production server refuses a token that travelled in the URL.
  const clear = await push({});
  assert.equal(clear.status, 401);
  assert.match(((await clear.json()) as { error: { message: string } }).error.message, /HTTPS/);

  // Behind a TLS-terminating proxy.
  const tls = await push({ "x-forwarded-proto": "https" });
  assert.equal(tls.status, 202);
  assert.deepEqual(await tls.json(), { accepted: 5, rejected: 0, errors: [] });

  const wrong = await fetch(`${s.baseUrl}/api/v1/ingest?header_Authorization=Bearer%20ow_src_nope`, { method: "POST", headers: { "x-forwarded-proto": "https" }, body: BATCH });
  assert.equal(wrong.status, 401);

  const q = `from=${minute}&to=${minute + 60_000}&source=${src.id}`;
  const summary = (await (await api(`/api/v1/summary?${q}`)).json()) as { byCause: Record<string, number> };
  assert.deepEqual(summary.byCause, { connect_refused: 1, connect_timeout: 1, backend_timeout: 1 });
  const ratio = (await (await api(`/api/v1/series?${q}&metric=hit_ratio&step=1m`)).json()) as { unit: string; series: { points: [number, number | null][] }[] };
  assert.equal(ratio.unit, "ratio");
  assert.deepEqual(ratio.series[0]!.points, [[minute, 0.4]]);
  const fetches = (await (await api(`/api/v1/series?${q}&metric=origin_fetches&step=1m`)).json()) as { series: { points: [number, number | null][] }[] };
  assert.deepEqual(fetches.series[0]!.points, [[minute, 3]]);
  assert.equal((await api(`/api/v1/series?${q}&metric=hit_ratio&groupBy=cause`)).status, 400);

  const doc = (await (await fetch(`${s.baseUrl}/api/v1/openapi.json`)).json()) as unknown;
  const text = JSON.stringify(doc);
  for (const word of ['"cloudflare"', '"hit_ratio"', '"origin_fetches"', '"dns_error"', '"tls_error"', "header_Authorization"]) assert.ok(text.includes(word), `OpenAPI names ${word}`);
});
