import type { Metadata } from "next";
import { SilenceForm } from "@/components/alerts/silence-form";
import { SilencesTable } from "@/components/alerts/silences-table";
import { PageHeader } from "@/components/ui/page-header";
import { listSilences } from "@/lib/alerts/silence-actions";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Silences" };
export const dynamic = "force-dynamic";

export default async function SilencesPage() {
  const actor = await requirePageActor("dashboard.read", "/alerts/silences");
  const silences = await listSilences(await getPrisma());
  const canWrite = can(actor, "rules.write");
  return (
    <>
      <PageHeader title="Silences" description="One-off silences and weekly maintenance windows. They hold back notifications; alerts still change state and are recorded." />
      <SilencesTable silences={silences} canWrite={canWrite} />
      {canWrite ? <SilenceForm /> : null}
    </>
  );
}
