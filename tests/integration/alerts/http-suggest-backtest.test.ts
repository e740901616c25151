// Suggestions and backtests over HTTP against the real server: viewers may read both (a backtest
// changes nothing), strangers may not, and a bad rule in a backtest answers 400 naming rule.* fields.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../helpers/server";
import { BACKEND, lines } from "./support";

let s: RunningServer;
let viewer: string;
before(async () => {
  s = await startServer();
  const made = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "viewer", role: "viewer" }) });
  viewer = ((await made.json()) as { token: string }).token;
});
after(async () => {
  await s?.stop();
});

function api(path: string, init: RequestInit & { token?: string | null } = {}) {
  const auth: Record<string, string> = init.token === null ? {} : { authorization: `Bearer ${init.token ?? s.token}` };
  return fetch(`${s.baseUrl}${path}`, { ...init, headers: { ...auth, "content-type": "application/json" } });
}
type Suggestion = { name: string; kind: string; scope: { backend: string } };

test("suggestions and backtests: viewers read them, strangers get 401, a bad rule answers 400 naming rule.* fields", async () => {
  const format =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
    "ua=$upstream_addr us=$upstream_status uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time rt=$request_time";
  const src = (await (await api("/api/v1/sources", { method: "POST", body: JSON.stringify({ name: "edge", kind: "nginx", format }) })).json()) as { token: string };
  const ingest = await fetch(`${s.baseUrl}/api/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${src.token}`, "content-type": "text/plain" },
    body: [...lines(Date.now() - 4 * 60_000, 200, 30), ...lines(Date.now() - 4 * 60_000, 503, 10)].join("\n"),
  });
  assert.equal(ingest.status, 202);

  assert.equal((await api("/api/v1/rules/suggestions", { token: null })).status, 401);
  const got = await api(`/api/v1/rules/suggestions?backend=${encodeURIComponent(BACKEND)}`, { token: viewer });
  assert.equal(got.status, 200);
  const { suggestions } = (await got.json()) as { suggestions: Suggestion[] };
  assert.deepEqual(suggestions.map((x) => [x.kind, x.scope.backend]), [["error_rate", BACKEND]]);

  const rule = { ...suggestions[0], for: "0s" };
  assert.equal((await api("/api/v1/rules/backtest", { token: null, method: "POST", body: JSON.stringify({ rule }) })).status, 401);
  const bt = await api("/api/v1/rules/backtest", { token: viewer, method: "POST", body: JSON.stringify({ rule, range: "24h" }) });
  assert.equal(bt.status, 200);
  const result = (await bt.json()) as { fired: number; summary: string; instances: { instance: string; points: unknown[] }[] };
  assert.equal(result.fired, 1, result.summary);
  assert.equal(result.instances[0].instance, BACKEND);
  assert.equal(result.instances[0].points.length, 1440);

  const bad = await api("/api/v1/rules/backtest", { token: viewer, method: "POST", body: JSON.stringify({ rule: { ...rule, config: { above: -1, window: "5m" } } }) });
  assert.equal(bad.status, 400);
  const fields = ((await bad.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path);
  assert.deepEqual(fields, ["rule.config.above"]);
  // Suggestions can be accepted as they are: then they are no longer suggested.
  assert.equal((await api("/api/v1/rules", { method: "POST", body: JSON.stringify(suggestions[0]) })).status, 201);
  const after = (await (await api(`/api/v1/rules/suggestions?backend=${encodeURIComponent(BACKEND)}`, { token: viewer })).json()) as { suggestions: Suggestion[] };
  assert.deepEqual(after.suggestions, []);
});
