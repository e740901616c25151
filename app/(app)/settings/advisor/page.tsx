import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { FindingsList } from "@/components/advisor/findings-list";
import { loadAdvice } from "@/lib/advisor/load";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";

export const metadata: Metadata = { title: "Advisor" };
export const dynamic = "force-dynamic";

export default async function AdvisorPage() {
  await requirePageActor("dashboard.read", "/settings/advisor");
  const answer = await loadAdvice(await getDatabase());
  return (
    <>
      <PageHeader
        title="Advisor"
        description={`The proxy's timeouts and health checks, held against what each imported backend did over the last ${answer.periodDays} days (${answer.backendsChecked} compared). Each finding says what to write in the proxy's own config.`}
      />
      <FindingsList findings={answer.findings} showBackend periodDays={answer.periodDays} />
    </>
  );
}
