import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTIONS, assignableRoles, can, type Action, type Actor } from "@/lib/auth/permissions";
import { ROLES, type Role } from "@/lib/auth/roles";

const user = (role: Role): Actor => ({ kind: "user", id: role, email: `${role}@example.com`, name: null, role });

// The whole matrix, written out: a change to who may do what must change this table.
const EXPECTED: Record<Action, Role[]> = {
  "dashboard.read": ["owner", "admin", "editor", "viewer"],
  "events.write": ["owner", "admin", "editor"],
  "sources.write": ["owner", "admin", "editor"],
  "backends.write": ["owner", "admin", "editor"],
  "probes.any_method": ["owner", "admin"],
  "probes.read_query": ["owner", "admin"],
  "rules.write": ["owner", "admin", "editor"],
  "incidents.write": ["owner", "admin", "editor"],
  "shares.create": ["owner", "admin", "editor"],
  "shares.manage": ["owner", "admin"],
  "audit.read": ["owner", "admin"],
  "settings.read": ["owner", "admin"],
  "users.manage": ["owner", "admin"],
  "tokens.manage": ["owner", "admin"],
  "channels.manage": ["owner", "admin"],
  "demo.manage": ["owner", "admin"],
  "owners.manage": ["owner"],
};

test("the permission matrix: every role against every action", () => {
  assert.deepEqual(new Set(ACTIONS), new Set(Object.keys(EXPECTED)));
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      assert.equal(can(user(role), action), EXPECTED[action].includes(role), `${role} ${action}`);
    }
  }
});

test("a share token may do no action at all: the route wrapper lets it read its own thing only", () => {
  const share: Actor = {
    kind: "share",
    id: "s",
    role: "viewer",
    share: { kind: "incident", targetId: "i", backend: null, source: null, range: null, redact: { clientIps: true, queryStrings: true, backendAddresses: false } },
  };
  for (const action of ACTIONS) assert.equal(can(share, action), false, action);
});

test("tokens are held to their role exactly like users", () => {
  const viewerToken: Actor = { kind: "token", id: "t", name: "ci", role: "viewer" };
  assert.equal(can(viewerToken, "dashboard.read"), true);
  assert.equal(can(viewerToken, "sources.write"), false);
  assert.equal(can({ kind: "token", id: "t", name: "ci", role: "editor" }, "sources.write"), true);
});

test("nobody is allowed anything without an actor", () => {
  for (const action of ACTIONS) assert.equal(can(null, action), false);
});

test("roles can only be handed out up to one's own; only owners make owners", () => {
  assert.deepEqual(assignableRoles(user("owner")), ["viewer", "editor", "admin", "owner"]);
  assert.deepEqual(assignableRoles(user("admin")), ["viewer", "editor", "admin"]);
  assert.deepEqual(assignableRoles(user("editor")), ["viewer", "editor"]);
  assert.deepEqual(assignableRoles(user("viewer")), ["viewer"]);
});
