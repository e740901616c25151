// Ended sessions (lib/auth/session-validity.ts): a session counts while the user's
// sessions_valid_from is what it read at sign-in, or when it is the one the change kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sessionStillValid } from "@/lib/auth/session-validity";

const T = Date.UTC(2026, 10, 21, 12);

test("no session was ever ended: every session counts, old cookies too", () => {
  const user = { sessionsValidFrom: null, keptSessionId: null };
  assert.equal(sessionStillValid(user, {}), true);
  assert.equal(sessionStillValid(user, { sid: "a", sessionsSince: 0 }), true);
});

test("after an end: sessions signed in before it stop counting, later ones and the kept one count", () => {
  const user = { sessionsValidFrom: new Date(T), keptSessionId: "kept" };
  assert.equal(sessionStillValid(user, { sid: "other", sessionsSince: 0 }), false, "signed in before any end");
  assert.equal(sessionStillValid(user, { sid: "other", sessionsSince: T - 1 }), false, "signed in before this end");
  assert.equal(sessionStillValid(user, { sid: "later", sessionsSince: T }), true, "signed in after it (read the new value)");
  assert.equal(sessionStillValid(user, { sid: "kept", sessionsSince: 0 }), true, "the session that asked");
  assert.equal(sessionStillValid(user, {}), false, "a cookie from before sessions carried an id");
  assert.equal(sessionStillValid({ ...user, keptSessionId: null }, { sid: "kept", sessionsSince: 0 }), false, "nothing kept (admin reset, disable)");
});
