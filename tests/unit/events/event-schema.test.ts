// Event input at the boundary: a date more than a day ahead (a typed 2030) is refused with a
// message naming the field, and an empty form's problems are all reported at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateEventInput, MAX_EVENT_AHEAD_MS, UpdateEventInput } from "@/lib/events/schemas";
import { validate } from "@/components/forms/validate";

test("an event dated more than a day ahead is refused, naming the field and why", () => {
  for (const at of ["2030-06-01T10:00:00Z", Date.now() + MAX_EVENT_AHEAD_MS + 60_000]) {
    const r = validate(CreateEventInput, { type: "deploy", title: "api v2", at });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.fields.at ?? "", /more than a day ahead/);
  }
  assert.equal(validate(UpdateEventInput, { at: "2030-06-01T10:00:00Z" }).ok, false);
  // Within a day ahead (a clock a little fast, a deploy starting now): accepted.
  assert.equal(validate(CreateEventInput, { type: "deploy", title: "api v2", at: Date.now() + 3_600_000 }).ok, true);
  assert.equal(validate(CreateEventInput, { type: "deploy", title: "api v2", at: "2026-11-20T10:00:00Z" }).ok, true);
});

test("an empty event form reports every missing field, not only the first", () => {
  const r = validate(CreateEventInput, { type: "", title: "" });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(Object.keys(r.fields).sort(), ["title", "type"]);
});
