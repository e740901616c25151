import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { SourcesSection } from "@/components/sources/sources-section";
import { SourcesTable } from "@/components/sources/sources-table";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { listSources } from "@/lib/sources/sources";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  const actor = await requirePageActor("dashboard.read", "/settings/sources");
  const sources = await listSources(await getPrisma());
  const canWrite = can(actor, "sources.write");
  return (
    <>
      <PageHeader
        title="Sources"
        description="Each source is one proxy's log stream, sent here with its own ingest token. Its format decides what Origin Watch can tell about each 5xx."
      />
      <SourcesSection canWrite={canWrite}>
        <SourcesTable sources={sources} now={new Date()} canWrite={canWrite} />
      </SourcesSection>
    </>
  );
}
