// Pure parts of the config import: an imported check as our probe, tag merging, and the plan
// against what the database holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { importedProbe } from "@/lib/backends/import-probe";
import { mergeTags, planImport, type ExistingBackend } from "@/lib/backends/import-plan";
import type { ImportedBackend } from "@/lib/backends/import";

const backend = (over: Partial<ImportedBackend> = {}): ImportedBackend => ({
  name: "app1",
  address: "10.0.1.11:8080",
  host: "10.0.1.11",
  port: 8080,
  tags: ["vcl-director:shop"],
  timeouts: { connectMs: 1500 },
  probe: { kind: "http", path: "/health", intervalMs: 5000, timeoutMs: 2000, window: 8, threshold: 3, initial: 2 },
  source: { line: 3 },
  ...over,
});

test("an http check becomes a URL from the address and path; Host only when it names another host", () => {
  const out = importedProbe(backend({ probe: { kind: "http", path: "health", host: "shop.example.com", expectedStatus: 204 } }));
  assert.equal(out.kind, "probe");
  if (out.kind !== "probe") return;
  assert.deepEqual([out.def.config.url, out.def.config.headers, out.def.config.expectedStatus], ["http://10.0.1.11:8080/health", { Host: "shop.example.com" }, [204]]);
  assert.deepEqual([out.def.params.intervalMs, out.def.params.timeoutMs, out.def.params.window, out.def.params.threshold, out.def.params.initial], [5000, 2000, 8, 3, 2]);
  const same = importedProbe(backend({ probe: { kind: "http", host: "10.0.1.11" } }));
  assert.ok(same.kind === "probe" && same.def.config.headers && Object.keys(same.def.config.headers as object).length === 0);
});

test("a tcp check connects to host:port; what cannot be probed is skipped with the reason", () => {
  const tcp = importedProbe(backend({ probe: { kind: "tcp" } }));
  assert.ok(tcp.kind === "probe");
  assert.deepEqual(tcp.kind === "probe" && tcp.def.config, { host: "10.0.1.11", port: 8080 });
  const socket = importedProbe(backend({ address: "/run/app.sock", host: "/run/app.sock", port: undefined }));
  assert.deepEqual(socket, { kind: "skipped", reason: "the backend is a unix socket, which an http probe cannot reach" });
  const wide = importedProbe(backend({ probe: { kind: "tcp", window: 80, threshold: 3 } }));
  assert.equal(wide.kind, "skipped");
  assert.match(wide.kind === "skipped" ? wide.reason : "", /^window: window cannot exceed 64/);
  assert.deepEqual(importedProbe(backend({ probe: undefined })), { kind: "none" });
});

test("intervals under 1 s and timeouts above the interval are adjusted, and say so", () => {
  const out = importedProbe(backend({ probe: { kind: "tcp", intervalMs: 500, timeoutMs: 3000 } }));
  assert.ok(out.kind === "probe");
  if (out.kind !== "probe") return;
  assert.deepEqual([out.def.params.intervalMs, out.def.params.timeoutMs], [1000, 1000]);
  assert.equal(out.adjustments.length, 2);
});

test("re-imports replace the import's own tags and keep the user's", () => {
  assert.deepEqual(mergeTags(["vcl-director:old", "backup", "team:checkout"], ["vcl-director:shop"]), ["vcl-director:shop", "team:checkout"]);
  assert.deepEqual(mergeTags([], ["a", "a"]), ["a"]);
});

test("the plan: new, changed and unchanged backends; a second definition of a name is ignored with a note", () => {
  const existing = new Map<string, ExistingBackend>([
    [
      "app1",
      { id: "b1", name: "app1", address: "10.0.1.11:8080", tags: ["vcl-director:shop"], connectTimeoutMs: 1500, firstByteTimeoutMs: null, betweenBytesTimeoutMs: null, origin: "imported", importedProbe: null },
    ],
    ["app2", { id: "b2", name: "app2", address: null, tags: [], connectTimeoutMs: null, firstByteTimeoutMs: null, betweenBytesTimeoutMs: null, origin: "discovered", importedProbe: null }],
  ]);
  const plan = planImport(
    {
      backends: [backend({ probe: undefined }), backend({ name: "app2", address: "10.0.1.12:8080", probe: undefined }), backend({ name: "app3" }), backend({ source: { line: 9 }, probe: undefined })],
      notes: [],
    },
    existing,
  );
  assert.deepEqual(
    plan.planned.map((p) => [p.item.name, p.item.action, p.item.changes, p.item.probe.action]),
    [
      ["app1", "unchanged", [], "none"],
      ["app2", "update", ["address", "tags", "timeouts", "origin"], "none"],
      ["app3", "create", [], "create"],
    ],
  );
  assert.match(plan.notes.at(-1)!.message, /app1 is defined again \(first at line 3\)/);
});
