// Which checklists come first, and why, from the evidence alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseChecklists, stepDetail, type IncidentFacts } from "@/lib/incidents/checklists/choose";
import { CAUSE_CHECKLIST } from "@/lib/incidents/checklists/catalog";
import { CAUSE_IDS } from "@/lib/ingest/types";

const T = Date.parse("2026-12-07T01:00:00Z");
const facts = (over: Partial<IncidentFacts>): IncidentFacts => ({
  firstBadAt: T, causes: [], deployBefore: null, purgeBefore: null, latencyNearTimeout: null, probeDown: false, stacks: ["varnish", "app", "db"], ...over,
});
const slugs = (f: IncidentFacts) => chooseChecklists(f).map((c) => c.template.slug);

test("a deploy before outranks every cause; a purge before puts cache warming first", () => {
  assert.deepEqual(slugs(facts({ causes: [{ cause: "connect_refused", count: 9, share: 1 }], deployBefore: { title: "api v2", at: T - 4 * 60_000 } })), ["roll-back", "origin-down"]);
  const purge = chooseChecklists(facts({ causes: [{ cause: "proxy_overload", count: 9, share: 1 }], purgeBefore: { title: "full purge", at: T - 60_000 } }));
  assert.deepEqual(purge.map((c) => c.template.slug), ["cold-cache", "overload"]);
  assert.match(purge[0]!.reason, /purge "full purge" 1 min before the spike/);
});

test("no_healthy_backend puts the health check first; backend_error points at the origin's logs", () => {
  const hc = chooseChecklists(facts({ causes: [{ cause: "backend_timeout", count: 6, share: 0.6 }, { cause: "no_healthy_backend", count: 4, share: 0.4 }] }));
  assert.deepEqual(hc.map((c) => c.template.slug), ["health-checks", "slow-origin"]);
  const own = chooseChecklists(facts({ causes: [{ cause: "backend_error", count: 5, share: 1 }] }));
  assert.match(own[0]!.reason, /its logs hold the reason, the proxy only carried the message/);
});

test("a probe down joins 'is the origin up'; tiny causes get no checklist", () => {
  const c = chooseChecklists(facts({ causes: [{ cause: "connect_refused", count: 97, share: 0.97 }, { cause: "unknown", count: 3, share: 0.03 }], probeDown: true }));
  assert.deepEqual(c.map((x) => x.template.slug), ["origin-down"]);
  assert.deepEqual(c[0]!.causes, ["connect_refused", "probe_down"]);
});

test("every cause has a checklist; commands only for the stacks involved", () => {
  for (const cause of CAUSE_IDS) assert.ok(CAUSE_CHECKLIST[cause].steps.length > 0, cause);
  const detail = stepDetail("look", { varnish: ["varnishadm backend.list"], haproxy: ["show stat"] }, ["varnish", "app"]);
  assert.equal(detail, "look\n  varnishadm backend.list");
});

test("a database in trouble puts its checklist first for backend_timeout, and the reason says so", () => {
  const causes = [{ cause: "backend_timeout", count: 8, share: 0.8 }, { cause: "no_healthy_backend", count: 2, share: 0.2 }];
  const deploy = { title: "api v2", at: T - 4 * 60_000 };
  assert.deepEqual(slugs(facts({ causes, deployBefore: deploy })), ["roll-back", "health-checks", "slow-origin"]);
  const c = chooseChecklists(facts({ causes, deployBefore: deploy, databaseTrouble: "3 queries waiting on a lock for 40 s on orders-db" }));
  assert.deepEqual(c.map((x) => x.template.slug), ["slow-origin", "roll-back", "health-checks"]);
  assert.equal(c[0]!.template.steps[0]!.id, "slow-queries");
  assert.match(c[0]!.reason, /^3 queries waiting on a lock for 40 s on orders-db: the database is in trouble, so its checklist comes first/);
  // Without backend_timeout among the causes, database trouble chooses nothing by itself.
  assert.deepEqual(slugs(facts({ causes: [{ cause: "connect_refused", count: 9, share: 1 }], databaseTrouble: "orders-db is down" })), ["origin-down"]);
});
