import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { RoleBadge, ROLE_LABEL } from "@/components/ui/role-badge";
import { ACTIONS, describeAction, minimumRole } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "No access" };
export const dynamic = "force-dynamic";

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
            To {describeAction(action)} you need the <strong>{ROLE_LABEL[role]}</strong> role{role === "owner" ? "" : " or higher"}.
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
