import type { Metadata } from "next";
import { AuthShell } from "@/components/auth/auth-shell";
import { AcceptInvitationForm } from "@/components/invitations/accept-form";
import { authConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { findPendingInvitation } from "@/lib/invitations/invitations";

export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const inv = await findPendingInvitation(await getPrisma(), token);
  if (!inv) {
    return (
      <AuthShell title="This invitation is not valid">
        <p className="muted">It was used, revoked or has expired. Ask whoever invited you for a new one.</p>
      </AuthShell>
    );
  }
  const cfg = authConfig();
  const oauth = [cfg.github ? "GitHub" : null, cfg.oidc ? cfg.oidc.name : null].filter((x): x is string => x !== null);
  return (
    <AuthShell title="Join Origin Watch" intro={<p>You are invited as {inv.role}.</p>}>
      <AcceptInvitationForm token={token} email={inv.email} oauth={oauth} />
    </AuthShell>
  );
}
