import { test } from "node:test";
import assert from "node:assert/strict";
import { RULE_KIND_IDS } from "@/lib/alerts/kinds/registry";
import { limitsFromRetention, ruleInputSchema } from "@/lib/alerts/schemas";
import { configFromValues, configValues, initialConfigValues, scopeFromValues, scopeValues } from "@/components/alerts/rule-fields";

const schema = ruleInputSchema(limitsFromRetention({ minuteDays: 30 }));

test("a new rule's starting values give a config its kind accepts, for every kind but the either-or ones", () => {
  for (const kind of RULE_KIND_IDS) {
    const config = configFromValues(kind, initialConfigValues(kind));
    const r = schema.safeParse({ name: "x", kind, config });
    // cause_rate starts with neither threshold filled: the form asks for one of them.
    if (kind === "cause_rate") assert.equal(r.success, false);
    else assert.equal(r.success, true, `${kind}: ${JSON.stringify(r.error?.issues)}`);
  }
});

test("numbers go as numbers, lists as lists, hidden and empty fields not at all", () => {
  assert.deepEqual(configFromValues("cause_rate", { "config.causes": "backend_timeout, connect_refused", "config.perMinute": "3", "config.window": "5m", "config.minRequests": "" }), {
    causes: ["backend_timeout", "connect_refused"],
    perMinute: 3,
    window: "5m",
  });
  assert.deepEqual(configFromValues("probe_health", { "config.mode": "stale", "config.checks": "3", "config.after": "5m" }), { mode: "stale", after: "5m" });
  assert.deepEqual(configFromValues("error_rate", { "config.above": "five" }), { above: "five" }, "the server names an unreadable number");
  assert.deepEqual(configFromValues("burn_rate", { "config.slo": "99.5" }, { pairs: [{ long: "1h", short: "5m", factor: 14.4 }] }), { pairs: [{ long: "1h", short: "5m", factor: 14.4 }], slo: 99.5 });
});

test("a stored config and scope come back as the form's values", () => {
  assert.deepEqual(configValues("cause_rate", { causes: ["a", "b"], above: 2, window: "5m" }), {
    "config.causes": "a, b",
    "config.above": "2",
    "config.perMinute": "",
    "config.window": "5m",
    "config.minRequests": "",
  });
  assert.deepEqual(scopeValues({ tag: "php" }), { kind: "tag", value: "php" });
  assert.deepEqual(scopeFromValues("tag", " php "), { tag: "php" });
  assert.deepEqual(scopeFromValues("all", "ignored"), {});
});
