import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ChecklistSettings } from "@/components/checklists/checklist-settings";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listChecklistTemplates } from "@/lib/incidents/checklists/versions";

export const metadata: Metadata = { title: "Checklists" };

export default async function ChecklistsPage() {
  const actor = await requirePageActor("dashboard.read", "/settings/checklists");
  const templates = await listChecklistTemplates((await getDatabase()).sql);
  return (
    <>
      <PageHeader
        title="Checklists"
        description="The guided fix checklists incidents show, chosen from the evidence. Edit one to say what your team does: each save is a new version, used by incidents that open from then on (open incidents keep the version they started with). Restoring the built-in puts Origin Watch's own version back."
      />
      <ChecklistSettings templates={templates} canWrite={can(actor, "incidents.write")} />
    </>
  );
}
