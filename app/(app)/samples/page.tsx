import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { OverviewControls } from "@/components/dashboard/controls";
import { OverviewProvider } from "@/components/dashboard/overview-provider";
import { OverviewSkeleton } from "@/components/dashboard/overview-skeleton";
import { parseView, type ViewState } from "@/components/dashboard/view-state";
import { packFirstPaint } from "@/components/dashboard/first-paint";
import { SamplesBody } from "@/components/samples/samples-body";
import type { Actor } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listSources } from "@/lib/sources/sources";
import type { SourceView } from "@/lib/sources/schemas";
import { PATH_HEADER } from "@/proxy";
import { loadControls, withSamples } from "../load-overview";
import { UnknownSourceNotice, withKnownSource } from "../source-filter";

export const metadata: Metadata = { title: "5xx samples" };

type SearchParams = Record<string, string | string[] | undefined>;

// The raw 5xx lines of any window and filter: where a click on the overview's 5xx chart lands
// when no single backend (with a page of its own) is in focus.
export default async function SamplesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("dashboard.read", (await headers()).get(PATH_HEADER) || "/samples");
  const [view, sources] = await Promise.all([searchParams.then(parseView), getDatabase().then((db) => listSources(db.prisma))]);
  return (
    <>
      <PageHeader title="5xx samples" description="The raw lines behind the 5xx charts, as your proxies wrote them, and what Origin Watch read from each." />
      <Suspense fallback={<OverviewSkeleton />}>
        <LoadedSamplesPage view={view} sources={sources} actor={actor} />
      </Suspense>
    </>
  );
}

async function LoadedSamplesPage({ view: asked, sources, actor }: { view: ViewState; sources: SourceView[]; actor: Actor }) {
  const { view, knownSource } = withKnownSource(asked, sources);
  const db = await getDatabase();
  // The controls' data only: this page shows no charts, so it neither reads nor refreshes them.
  const [data, samples] = await withSamples(db, view, (nowMs) => loadControls(db, view, actor, nowMs));
  return (
    <OverviewProvider view={view} initial={packFirstPaint(data)} sources={sources.map(({ id, name, kind }) => ({ id, name, kind }))}>
      {knownSource ? null : <UnknownSourceNotice />}
      <OverviewControls />
      <SamplesBody samples={samples} />
    </OverviewProvider>
  );
}
