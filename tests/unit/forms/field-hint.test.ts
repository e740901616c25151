// A field's hint and its error never say the same thing twice: the password hint "At least 10
// characters." is hidden while the error "Use at least 10 characters." shows; other hints stay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { errorRepeatsHint } from "@/components/forms/field";
import { Password } from "@/lib/auth/passwords";

test("the password error repeats its hint, so the hint steps aside", () => {
  const r = Password.safeParse("short");
  assert.equal(r.success, false);
  const error = r.error!.issues[0]!.message;
  assert.equal(errorRepeatsHint("At least 10 characters.", error), true);
});

test("a hint that adds something stays beside the error", () => {
  assert.equal(errorRepeatsHint("In your time zone, Europe/Paris.", "Enter a date and time."), false);
  assert.equal(errorRepeatsHint("At least 10 characters.", undefined), false);
  assert.equal(errorRepeatsHint("", "Use at least 10 characters."), false);
});
