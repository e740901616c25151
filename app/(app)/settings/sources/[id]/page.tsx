import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ParseErrors } from "@/components/sources/parse-errors";
import { SourceActions } from "@/components/sources/source-actions";
import { SourceFacts, SourceSettingsReadOnly } from "@/components/sources/source-facts";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { getSource, listParseErrors } from "@/lib/sources/sources";
import styles from "@/components/sources/sources.module.css";

const REJECTED_SHOWN = 50;

type Params = { params: Promise<{ id: string }> };

// Once per request, shared by the title and the page.
const findSource = cache(async (id: string) => {
  try {
    return await getSource(await getPrisma(), id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  // The page itself checks the session; a title must not leak a source's name to a stranger.
  await requirePageActor("dashboard.read", `/settings/sources/${encodeURIComponent(id)}`);
  return { title: `${(await findSource(id)).name} · Sources` };
}

export default async function SourcePage({ params }: Params) {
  const { id } = await params;
  const actor = await requirePageActor("dashboard.read", `/settings/sources/${encodeURIComponent(id)}`);
  const source = await findSource(id);
  const errors = await listParseErrors(await getPrisma(), source.id, REJECTED_SHOWN);
  const now = new Date();
  return (
    <>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href="/settings/sources">Sources</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{source.name}</span>
      </nav>
      <PageHeader title={source.name} description={KIND_GUIDES[source.kind].hint} />
      <SourceActions
        source={source}
        canWrite={can(actor, "sources.write")}
        facts={<SourceFacts source={source} now={now} />}
        readOnly={<SourceSettingsReadOnly source={source} />}
      />
      <ParseErrors errors={errors} limit={REJECTED_SHOWN} now={now} received={source.lastIngestAt !== null} />
    </>
  );
}
