// The audit log's time filters: what a client sends is a time or a 400 naming the parameter, never
// an invalid date handed to the database (the route fuzzer found `from=<huge integer>` answering 500).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuditQuery } from "@/lib/audit/read";

test("from and to take ISO-8601 or epoch milliseconds", () => {
  const q = AuditQuery.parse({ from: "2026-12-07T00:00:00Z", to: "1796601600000" });
  assert.equal(q.from?.toISOString(), "2026-12-07T00:00:00.000Z");
  assert.equal(q.to?.getTime(), 1796601600000);
});

test("a number of milliseconds no date can hold is refused, naming the parameter", () => {
  for (const name of ["from", "to"] as const) {
    const r = AuditQuery.safeParse({ [name]: "99999999999999999999999" });
    assert.equal(r.success, false);
    assert.deepEqual(r.error?.issues[0]?.path, [name]);
    assert.match(r.error?.issues[0]?.message ?? "", /epoch milliseconds/);
  }
  assert.equal(AuditQuery.safeParse({ from: "yesterday-ish" }).success, false);
});
