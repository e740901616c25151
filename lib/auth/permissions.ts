// Who may do what: the one place. Pages, route handlers, domain functions and the CLI all ask `can`
// (or `assertCan`).
import { AppError } from "@/lib/errors/app-error";
import { ROLES, atLeast, type Role } from "@/lib/auth/roles";
import type { ShareScope } from "@/lib/auth/share-scope";

export type Actor =
  /** `sessionId`: the browser session it came from (absent for actors made outside a request). */
  | { kind: "user"; id: string; email: string; name: string | null; role: Role; sessionId?: string }
  | { kind: "token"; id: string; name: string; role: Role }
  // The CLI runs with the database in hand: whoever can run it owns the installation.
  | { kind: "cli"; id: "cli"; role: "owner" }
  // A share link presented as a bearer token (lib/shares): no role at all. `can` refuses it every
  // action; the route wrapper lets it through only to routes that read the shared thing.
  | { kind: "share"; id: string; role: "viewer"; share: ShareScope };

interface Permission {
  /** The lowest role allowed. */
  minimum: Role;
  /** What it allows, in words that follow "can" / "To": refusals and the forbidden page say it. */
  does: string;
}

/** The one table of who may do what: routes, pages, domain functions, the CLI and the forbidden page read it. */
const PERMISSIONS = {
  // Charts, summaries, backends, events, samples: everything a viewer sees.
  "dashboard.read": { minimum: "viewer", does: "view dashboards" },
  "events.write": { minimum: "editor", does: "add deploy and purge markers" },
  "sources.write": { minimum: "editor", does: "manage log sources" },
  "backends.write": { minimum: "editor", does: "manage backends and probes" },
  // An http probe that sends POST, PUT, DELETE... can change the origin it checks (lib/backends/probe-policy.ts).
  "probes.any_method": { minimum: "admin", does: "make http probes send methods other than GET and HEAD" },
  // Query strings of probe URLs may carry keys; stored secrets are for nobody (lib/probes/config-secrets.ts).
  "probes.read_query": { minimum: "admin", does: "see the query values of probe URLs" },
  "rules.write": { minimum: "editor", does: "manage alert rules" },
  // Reserved for incidents (#8) and share links: the matrix lists them so their roles are decided once.
  "incidents.write": { minimum: "editor", does: "manage incidents" },
  "shares.create": { minimum: "editor", does: "create share links" },
  // Editors list and revoke the links they made; admins every link.
  "shares.manage": { minimum: "admin", does: "list and revoke everyone's share links" },
  "audit.read": { minimum: "admin", does: "read and export the audit log" },
  "settings.read": { minimum: "admin", does: "open settings" },
  "users.manage": { minimum: "admin", does: "manage users" },
  "tokens.manage": { minimum: "admin", does: "manage API tokens" },
  // Channels hold credentials (webhook secrets, SMTP passwords) and decide who gets paged.
  "channels.manage": { minimum: "admin", does: "manage notification channels and policies" },
  "demo.manage": { minimum: "admin", does: "load or remove demo data" },
  "owners.manage": { minimum: "owner", does: "manage owners" },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export const minimumRole = (action: Action): Role => PERMISSIONS[action].minimum;
export const describeAction = (action: Action): string => PERMISSIONS[action].does;

const PLURAL: Record<Role, string> = { viewer: "viewers", editor: "editors", admin: "admins", owner: "owners" };

/** "editors, admins and owners": the roles that may do `action`, for refusals. */
export function rolesAllowed(action: Action): string {
  const names = ROLES.filter((r) => atLeast(r, minimumRole(action))).reverse().map((r) => PLURAL[r]);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The check domain functions make (the route wrapper checks the same table before them). */
export function assertCan(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new AppError("forbidden", `Only ${rolesAllowed(action)} can ${describeAction(action)}.`);
}

export function can(actor: Actor | null | undefined, action: Action): boolean {
  if (!actor || actor.kind === "share") return false;
  return atLeast(actor.role, minimumRole(action));
}

/** The roles an actor may hand out (to a user or a token): never above its own. */
export function assignableRoles(actor: Actor): Role[] {
  const all: Role[] = ["viewer", "editor", "admin", "owner"];
  return all.filter((r) => (r === "owner" ? can(actor, "owners.manage") : atLeast(actor.role, r)));
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return actor.email;
  if (actor.kind === "token") return `token ${actor.name}`;
  if (actor.kind === "share") return `share link ${actor.id}`;
  return "cli";
}
