// Who may do what: the one place. Pages, route handlers and the CLI all ask `can`.
import { atLeast, type Role } from "@/lib/auth/roles";

export type Actor =
  /** `sessionId`: the browser session it came from (absent for actors made outside a request). */
  | { kind: "user"; id: string; email: string; name: string | null; role: Role; sessionId?: string }
  | { kind: "token"; id: string; name: string; role: Role }
  // The CLI runs with the database in hand: whoever can run it owns the installation.
  | { kind: "cli"; id: "cli"; role: "owner" };

export type Action =
  | "dashboard.read" // charts, summaries, backends, incidents: everything a viewer sees
  | "events.write" // deploy/purge markers
  | "sources.write"
  | "backends.write"
  | "rules.write"
  | "incidents.write"
  | "shares.create"
  | "settings.read" // settings pages (users, tokens, audit)
  | "users.manage"
  | "tokens.manage"
  | "demo.manage" // load or remove the demo day
  | "owners.manage"; // grant or remove the owner role

const MINIMUM_ROLE: Record<Action, Role> = {
  "dashboard.read": "viewer",
  "events.write": "editor",
  "sources.write": "editor",
  "backends.write": "editor",
  "rules.write": "editor",
  "incidents.write": "editor",
  "shares.create": "editor",
  "settings.read": "admin",
  "users.manage": "admin",
  "tokens.manage": "admin",
  "demo.manage": "admin",
  "owners.manage": "owner",
};

export const ACTIONS = Object.keys(MINIMUM_ROLE) as Action[];

export function can(actor: Actor | null | undefined, action: Action): boolean {
  if (!actor) return false;
  return atLeast(actor.role, MINIMUM_ROLE[action]);
}

/** The roles an actor may hand out (to a user or a token): never above its own. */
export function assignableRoles(actor: Actor): Role[] {
  const all: Role[] = ["viewer", "editor", "admin", "owner"];
  return all.filter((r) => (r === "owner" ? can(actor, "owners.manage") : atLeast(actor.role, r)));
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return actor.email;
  if (actor.kind === "token") return `token ${actor.name}`;
  return "cli";
}
