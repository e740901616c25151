import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { TokensSection } from "@/components/tokens/tokens-section";
import type { TokenRowData } from "@/components/tokens/tokens-table";
import { listApiTokens, type PublicApiToken } from "@/lib/auth/api-tokens";
import { assignableRoles } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "API tokens" };

// Decided here, per request, so the browser never compares against its own clock during hydration.
function withStatus(tokens: PublicApiToken[], now: Date): TokenRowData[] {
  return tokens.map((t) => ({
    ...t,
    status: t.revokedAt ? "revoked" : t.expiresAt && Date.parse(t.expiresAt) <= now.getTime() ? "expired" : "active",
  }));
}

export default async function TokensPage() {
  const actor = await requirePageActor("tokens.manage", "/settings/tokens");
  const tokens = withStatus(await listApiTokens(await getPrisma(), actor), new Date());
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and other tools call the Origin Watch API. Each one carries a role, like a user, and follows the person who created it: it never acts above that person's current role, stops working while their account is disabled, and is deleted with it."
      />
      <TokensSection tokens={tokens} roles={assignableRoles(actor)} />
    </>
  );
}
