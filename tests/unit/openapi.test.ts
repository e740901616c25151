import { test } from "node:test";
import assert from "node:assert/strict";
import { openApiDocument } from "@/lib/openapi/document";

type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string; required: boolean }[] }>> };

test("the OpenAPI document covers the public API and is generated from the handlers' schemas", () => {
  const doc = openApiDocument() as unknown as Doc;
  assert.equal(doc.openapi, "3.1.0");
  for (const path of ["/api/health", "/api/v1/sources", "/api/v1/sources/{id}", "/api/v1/ingest", "/api/v1/summary", "/api/v1/series", "/api/v1/samples", "/api/v1/tokens"]) {
    assert.ok(doc.paths[path], `${path} documented`);
  }
  const body = JSON.stringify(doc.paths["/api/v1/sources"]!.post!.requestBody);
  for (const field of ["name", "kind", "format", "varnish", "nginx", "haproxy", "envoy", "json"]) assert.ok(body.includes(`"${field}"`), field);
  const params = doc.paths["/api/v1/series"]!.get!.parameters!;
  assert.deepEqual(params.map((p) => p.name), ["from", "to", "source", "backend", "step", "top", "metric", "groupBy"]);
  assert.deepEqual(params.filter((p) => p.required).map((p) => p.name), ["from", "to"]);
});

test("series refuses combinations the rollups cannot answer, naming groupBy", async () => {
  const { SeriesQuery } = await import("@/lib/rollups/schemas");
  for (const [metric, groupBy] of [["rate_503", "cause"], ["errors_503", "status_class"], ["latency_p95", "cause"]]) {
    const r = SeriesQuery.safeParse({ from: "0000000001000", to: "0000000002000", metric, groupBy });
    assert.equal(r.success, false, `${metric} by ${groupBy}`);
    assert.ok(r.error!.issues.some((i) => i.path.join(".") === "groupBy"));
  }
});

test("alert rules and silences are documented, each rule kind's config with it", () => {
  const doc = openApiDocument() as unknown as Doc;
  for (const path of ["/api/v1/rules", "/api/v1/rules/{id}", "/api/v1/silences", "/api/v1/silences/{id}"]) assert.ok(doc.paths[path], `${path} documented`);
  const body = JSON.stringify(doc.paths["/api/v1/rules"]!.post!.requestBody);
  for (const field of ["name", "kind", "scope", "config", "for", "keepFiringFor", "severity", "channels", "description", "runbookUrl"]) assert.ok(body.includes(`"${field}"`), field);
  for (const kind of ["error_rate", "cause_rate", "latency", "probe_health", "capacity", "no_data", "burn_rate"]) assert.ok(body.includes(`"title":"${kind}"`), kind);
});
