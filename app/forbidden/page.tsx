import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { RoleBadge, ROLE_LABEL } from "@/components/ui/role-badge";
import { ACTIONS, can, type Action } from "@/lib/auth/permissions";
import { ROLES, type Role } from "@/lib/auth/roles";
import { sessionActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "No access" };
export const dynamic = "force-dynamic";

// What the refused page was for, in words (the permission names are for code and logs).
const ACTION_WORDS: Record<Action, string> = {
  "dashboard.read": "view dashboards",
  "events.write": "add deploy and purge markers",
  "sources.write": "manage log sources",
  "backends.write": "manage backends",
  "rules.write": "manage alert rules",
  "incidents.write": "manage incidents",
  "shares.create": "create share links",
  "settings.read": "open settings",
  "users.manage": "manage users",
  "tokens.manage": "manage API tokens",
  "demo.manage": "load or remove demo data",
  "owners.manage": "manage owners",
};

/** The lowest role `can` lets through: asked of the one permission table, not copied from it. */
function minimumRole(action: Action): Role | undefined {
  const ascending = [...ROLES].reverse();
  return ascending.find((role) => can({ kind: "token", id: "-", name: "-", role }, action));
}

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { need } = await searchParams;
  const action = ACTIONS.find((a) => a === need);
  const role = action ? minimumRole(action) : undefined;
  const actor = await sessionActor();
  return (
    <AuthShell
      title="Your role can't open this page"
      footer={actor ? <>Signed in as {actor.kind === "user" ? actor.email : actor.role}</> : null}
    >
      <div className="stack">
        {action && role ? (
          <p>
            To {ACTION_WORDS[action]} you need the <strong>{ROLE_LABEL[role]}</strong> role{role === "owner" ? "" : " or higher"}.
            {actor ? (
              <>
                {" "}
                Your role is <RoleBadge role={actor.role} />.
              </>
            ) : null}
          </p>
        ) : (
          <p>This page needs a role you do not have.</p>
        )}
        <p className="muted">An owner or admin can change your role under Settings → Users.</p>
        <p>
          <Link href="/" className="btn btn-primary">
            Go to the overview
          </Link>
        </p>
      </div>
    </AuthShell>
  );
}
