// Who may call what: every API route and every page, one row each, with the callers allowed.
// tests/integration/auth/access-matrix.test.ts walks this table over HTTP for every kind of caller
// and fails when a route or page under app/ has no row here; docs/permissions.md is generated from
// it (npm run docs:permissions). A new route is one line: its method, path and access.
import { minimumRole, type Action } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";

/** What a share token may read on a route (lib/auth/share-scope.ts): its incident, its backend, or its traffic. */
export type ShareRead = "incident" | "backend" | "traffic";

export type Access =
  /** Anyone, signed in or not. */
  | { kind: "public" }
  /** A session or an API token whose role allows `action`; `share`: a share token may read it too, for its own thing. */
  | { kind: "role"; action: Action; share?: ShareRead }
  /** A source's ingest token (ow_src_…) and nothing else. */
  | { kind: "ingest" }
  /** An API token of any role, or an address in METRICS_ALLOW; not a browser session. */
  | { kind: "metrics" }
  /** Anyone until the first owner exists; 409 for everyone after. */
  | { kind: "setup" }
  /** Whoever holds the link (/s/<token>); a dead or unknown link is 404. */
  | { kind: "share-link" };

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "PAGE";

export interface MatrixRow {
  method: Method;
  /** As in app/: [id] is a path parameter; route groups like (app) are left out. */
  path: string;
  access: Access;
  note?: string;
}

const role = (action: Action, share?: ShareRead): Access => ({ kind: "role", action, share });
const PUBLIC: Access = { kind: "public" };

export const ACCESS_MATRIX: MatrixRow[] = [
  // API
  { method: "GET", path: "/api/health", access: PUBLIC },
  { method: "GET", path: "/api/auth/[...nextauth]", access: PUBLIC, note: "next-auth's own endpoints (sign-in, sign-out, csrf)" },
  { method: "POST", path: "/api/auth/[...nextauth]", access: PUBLIC, note: "next-auth's own endpoints (sign-in, sign-out, csrf)" },
  { method: "GET", path: "/api/v1/openapi.json", access: PUBLIC },
  { method: "POST", path: "/api/v1/setup", access: { kind: "setup" } },
  { method: "POST", path: "/api/v1/ingest", access: { kind: "ingest" } },
  { method: "GET", path: "/metrics", access: { kind: "metrics" } },
  { method: "GET", path: "/api/v1/me", access: role("dashboard.read") },
  { method: "DELETE", path: "/api/v1/me/sessions", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/summary", access: role("dashboard.read", "traffic") },
  { method: "GET", path: "/api/v1/series", access: role("dashboard.read", "traffic") },
  { method: "GET", path: "/api/v1/samples", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/advisor", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/backends", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/backends", access: role("backends.write") },
  { method: "GET", path: "/api/v1/backends/[id]", access: role("dashboard.read", "backend") },
  { method: "PATCH", path: "/api/v1/backends/[id]", access: role("backends.write") },
  { method: "DELETE", path: "/api/v1/backends/[id]", access: role("backends.write") },
  { method: "GET", path: "/api/v1/backends/[id]/probes", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/backends/[id]/probes", access: role("backends.write") },
  { method: "GET", path: "/api/v1/probes/[id]", access: role("dashboard.read") },
  { method: "PATCH", path: "/api/v1/probes/[id]", access: role("backends.write") },
  { method: "DELETE", path: "/api/v1/probes/[id]", access: role("backends.write") },
  { method: "GET", path: "/api/v1/probes/[id]/results", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/import/[kind]", access: role("backends.write") },
  { method: "GET", path: "/api/v1/checklists", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/checklists/[slug]", access: role("dashboard.read") },
  { method: "PUT", path: "/api/v1/checklists/[slug]", access: role("incidents.write") },
  { method: "POST", path: "/api/v1/checklists/[slug]/restore", access: role("incidents.write") },
  { method: "GET", path: "/api/v1/checklists/[slug]/versions", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/demo", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/demo", access: role("demo.manage") },
  { method: "DELETE", path: "/api/v1/demo", access: role("demo.manage") },
  { method: "GET", path: "/api/v1/events", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/events", access: role("events.write") },
  { method: "PATCH", path: "/api/v1/events/[id]", access: role("events.write") },
  { method: "DELETE", path: "/api/v1/events/[id]", access: role("events.write") },
  { method: "GET", path: "/api/v1/incidents", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/incidents/[id]", access: role("dashboard.read", "incident") },
  { method: "PATCH", path: "/api/v1/incidents/[id]", access: role("incidents.write") },
  { method: "POST", path: "/api/v1/incidents/[id]/ack", access: role("incidents.write") },
  { method: "POST", path: "/api/v1/incidents/[id]/comments", access: role("incidents.write") },
  { method: "PUT", path: "/api/v1/incidents/[id]/checklists/[slug]/steps/[stepId]", access: role("incidents.write") },
  { method: "GET", path: "/api/v1/incidents/[id]/postmortem", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/rules", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/rules", access: role("rules.write") },
  { method: "GET", path: "/api/v1/rules/[id]", access: role("dashboard.read") },
  { method: "PATCH", path: "/api/v1/rules/[id]", access: role("rules.write") },
  { method: "DELETE", path: "/api/v1/rules/[id]", access: role("rules.write") },
  { method: "POST", path: "/api/v1/rules/backtest", access: role("dashboard.read"), note: "reads only: replays a draft rule over stored data" },
  { method: "GET", path: "/api/v1/rules/suggestions", access: role("dashboard.read") },
  { method: "GET", path: "/api/v1/silences", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/silences", access: role("rules.write") },
  { method: "DELETE", path: "/api/v1/silences/[id]", access: role("rules.write") },
  { method: "GET", path: "/api/v1/sources", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/sources", access: role("sources.write") },
  { method: "GET", path: "/api/v1/sources/[id]", access: role("dashboard.read") },
  { method: "PATCH", path: "/api/v1/sources/[id]", access: role("sources.write") },
  { method: "DELETE", path: "/api/v1/sources/[id]", access: role("sources.write") },
  { method: "GET", path: "/api/v1/sources/[id]/parse-errors", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/sources/[id]/rotate-token", access: role("sources.write") },
  { method: "GET", path: "/api/v1/shares", access: role("shares.create"), note: "editors: their own links; admins: all" },
  { method: "POST", path: "/api/v1/shares", access: role("shares.create") },
  { method: "DELETE", path: "/api/v1/shares/[id]", access: role("shares.create"), note: "its maker, or an admin" },
  { method: "GET", path: "/api/v1/audit", access: role("audit.read"), note: "`format=csv` for the CSV export" },
  { method: "GET", path: "/api/v1/channels", access: role("dashboard.read"), note: "names and kinds for the rule form; secrets are never returned" },
  { method: "POST", path: "/api/v1/channels", access: role("channels.manage") },
  { method: "GET", path: "/api/v1/channels/[id]", access: role("settings.read"), note: "with its delivery log" },
  { method: "PATCH", path: "/api/v1/channels/[id]", access: role("channels.manage") },
  { method: "DELETE", path: "/api/v1/channels/[id]", access: role("channels.manage") },
  { method: "POST", path: "/api/v1/channels/[id]/test", access: role("channels.manage") },
  { method: "GET", path: "/api/v1/notification-policies", access: role("dashboard.read") },
  { method: "POST", path: "/api/v1/notification-policies", access: role("channels.manage") },
  { method: "PATCH", path: "/api/v1/notification-policies/[id]", access: role("channels.manage") },
  { method: "DELETE", path: "/api/v1/notification-policies/[id]", access: role("channels.manage") },
  { method: "GET", path: "/api/v1/shipper.mjs", access: PUBLIC, note: "the log shipper for proxy hosts: code only, no data" },
  { method: "GET", path: "/api/v1/tokens", access: role("tokens.manage") },
  { method: "POST", path: "/api/v1/tokens", access: role("tokens.manage") },
  { method: "DELETE", path: "/api/v1/tokens/[id]", access: role("tokens.manage") },
  { method: "GET", path: "/api/v1/invitations", access: role("users.manage") },
  { method: "POST", path: "/api/v1/invitations", access: role("users.manage") },
  { method: "DELETE", path: "/api/v1/invitations/[id]", access: role("users.manage") },
  { method: "POST", path: "/api/v1/invitations/accept", access: PUBLIC, note: "the invitation's single-use token in the body is the credential" },
  { method: "GET", path: "/api/v1/users", access: role("users.manage") },
  { method: "POST", path: "/api/v1/users", access: role("users.manage") },
  { method: "PATCH", path: "/api/v1/users/[id]", access: role("users.manage"), note: "anyone may change their own name and password" },
  // Pages (a browser session; bearer tokens are not read by pages)
  { method: "PAGE", path: "/signin", access: PUBLIC },
  { method: "PAGE", path: "/setup", access: PUBLIC, note: "sends to sign-in once an owner exists" },
  { method: "PAGE", path: "/forbidden", access: PUBLIC },
  { method: "PAGE", path: "/s/[token]", access: { kind: "share-link" } },
  { method: "PAGE", path: "/invite/[token]", access: PUBLIC, note: "a used, revoked or expired invitation says so" },
  { method: "PAGE", path: "/", access: role("dashboard.read") },
  { method: "PAGE", path: "/account", access: role("dashboard.read") },
  { method: "PAGE", path: "/alerts", access: role("dashboard.read"), note: "sends to /alerts/rules" },
  { method: "PAGE", path: "/alerts/rules", access: role("dashboard.read") },
  { method: "PAGE", path: "/alerts/rules/new", access: role("rules.write") },
  { method: "PAGE", path: "/alerts/rules/[id]", access: role("dashboard.read") },
  { method: "PAGE", path: "/alerts/silences", access: role("dashboard.read") },
  { method: "PAGE", path: "/backends", access: role("dashboard.read") },
  { method: "PAGE", path: "/backends/import", access: role("backends.write") },
  { method: "PAGE", path: "/backends/[id]", access: role("dashboard.read") },
  { method: "PAGE", path: "/events", access: role("dashboard.read") },
  { method: "PAGE", path: "/incidents", access: role("dashboard.read") },
  { method: "PAGE", path: "/incidents/[id]", access: role("dashboard.read") },
  { method: "PAGE", path: "/samples", access: role("dashboard.read") },
  { method: "PAGE", path: "/settings/advisor", access: role("dashboard.read") },
  { method: "PAGE", path: "/settings/checklists", access: role("dashboard.read") },
  { method: "PAGE", path: "/settings/sources", access: role("dashboard.read") },
  { method: "PAGE", path: "/settings/sources/[id]", access: role("dashboard.read") },
  { method: "PAGE", path: "/settings/shares", access: role("shares.create") },
  { method: "PAGE", path: "/settings/tokens", access: role("tokens.manage") },
  { method: "PAGE", path: "/settings/channels", access: role("channels.manage") },
  { method: "PAGE", path: "/settings/audit", access: role("audit.read") },
  { method: "PAGE", path: "/settings/users", access: role("users.manage") },
];

/** The callers the matrix test plays. */
export const CALLERS = ["anonymous", "viewer", "editor", "admin", "owner", "share (own)", "share (other)", "ingest token", "expired token", "revoked token"] as const;
export type Caller = (typeof CALLERS)[number];

const ROLE_CALLERS: Partial<Record<Caller, Role>> = { viewer: "viewer", editor: "editor", admin: "admin", owner: "owner" };
const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/**
 * What a caller gets: "ok" (the route runs: a 2xx, or a 400/404/409 about the input), a refusal
 * status, or for pages "signin" / "forbidden" (the redirect a page answers instead).
 * Pages read the browser session only: a bearer token on a page is the same as none.
 */
export type Outcome = "ok" | 401 | 403 | 404 | 409 | "signin" | "forbidden";

export function expectedOutcome(row: MatrixRow, caller: Caller): Outcome {
  const a = row.access;
  const roleOf = ROLE_CALLERS[caller];
  const share = caller === "share (own)" || caller === "share (other)";
  if (row.method === "PAGE") {
    if (a.kind === "public") return "ok";
    if (a.kind === "share-link") return caller === "share (own)" ? "ok" : 404;
    if (a.kind !== "role") return "ok";
    if (!roleOf) return "signin";
    return ROLE_RANK[roleOf] >= ROLE_RANK[minimumRole(a.action)] ? "ok" : "forbidden";
  }
  // A share token reaches only routes that read its own thing; everything else is 404 for it.
  if (share && a.kind !== "public" && a.kind !== "ingest") return a.kind === "role" && a.share && caller === "share (own)" ? "ok" : 404;
  switch (a.kind) {
    case "public":
    case "share-link":
      return "ok";
    case "setup":
      return 409;
    case "ingest":
      return caller === "ingest token" ? "ok" : 401;
    case "metrics":
      return roleOf ? "ok" : 401;
    case "role":
      if (!roleOf) return 401;
      return ROLE_RANK[roleOf] >= ROLE_RANK[minimumRole(a.action)] ? "ok" : 403;
  }
}

/** Who is allowed, in words, for docs/permissions.md. */
export function allowedCallers(row: MatrixRow): string {
  const a = row.access;
  switch (a.kind) {
    case "public":
      return "anyone";
    case "share-link":
      return "whoever holds the link";
    case "setup":
      return "anyone, until the first owner exists";
    case "ingest":
      return "a source's ingest token";
    case "metrics":
      return "any API token, or METRICS_ALLOW addresses";
    case "role": {
      const min = minimumRole(a.action);
      const roles = (["viewer", "editor", "admin", "owner"] as Role[]).filter((r) => ROLE_RANK[r] >= ROLE_RANK[min]).join(", ");
      return a.share ? `${roles}; a share token for its ${a.share}` : roles;
    }
  }
}

/** docs/permissions.md: the table above, readable. */
export function renderPermissionsDoc(): string {
  const line = (r: MatrixRow) => `| ${r.method} | \`${r.path}\` | ${allowedCallers(r)} | ${r.access.kind === "role" ? `\`${r.access.action}\`` : ""} | ${r.note ?? ""} |`;
  return [
    "# Who may call what",
    "",
    "Generated from `lib/auth/access-matrix.ts` by `npm run docs:permissions`; a test fails when this file is out of date,",
    "and `tests/integration/auth/access-matrix.test.ts` walks every row over HTTP for each kind of caller.",
    "",
    "Roles: viewer < editor < admin < owner. API tokens act with their own role (never above their maker's).",
    "A share token (`ow_share_…`) reads only what its link shares; every other route answers it 404, and it can write nothing.",
    "Ingest tokens (`ow_src_…`) only post logs. Expired and revoked tokens are 401. Pages read the browser session only:",
    "without one they send to sign-in, and with too small a role to the forbidden page.",
    "",
    "| Method | Path | Allowed | Permission | Note |",
    "|---|---|---|---|---|",
    ...ACCESS_MATRIX.map(line),
    "",
  ].join("\n");
}
