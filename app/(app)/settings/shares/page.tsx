import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { SharesTable } from "@/components/shares/shares-table";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { listShares } from "@/lib/shares/links";

export const metadata: Metadata = { title: "Shares" };

export default async function SharesPage() {
  const actor = await requirePageActor("shares.create", "/settings/shares");
  const shares = await listShares(await getPrisma(), actor);
  const everyone = can(actor, "shares.manage");
  return (
    <>
      <PageHeader
        title="Share links"
        description={`Read-only links to an incident, a backend or a dashboard view. ${everyone ? "Every link made here" : "The links you made"}; revoking one ends it at once. Make one with the Share button on an incident, a backend or the overview.`}
      />
      <SharesTable shares={shares} />
    </>
  );
}
