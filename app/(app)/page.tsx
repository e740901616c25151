import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { OverviewControls } from "@/components/dashboard/controls";
import { Dashboard } from "@/components/dashboard/dashboard";
import { OverviewEmpty } from "@/components/dashboard/overview-empty";
import { OverviewProvider } from "@/components/dashboard/overview-provider";
import { OverviewSkeleton } from "@/components/dashboard/overview-skeleton";
import { parseView, type ViewState } from "@/components/dashboard/view-state";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { hasRollups } from "@/lib/rollups/presence";
import { listSources } from "@/lib/sources/sources";
import type { SourceView } from "@/lib/sources/schemas";
import { PATH_HEADER } from "@/proxy";
import { loadOverview } from "./load-overview";
import { UnknownSourceNotice, withKnownSource } from "./source-filter";

export const metadata: Metadata = { title: "Overview" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const head = await headers();
  // The same path the layout names, query included, so signing in reopens this very view.
  const actor = await requirePageActor("dashboard.read", head.get(PATH_HEADER) || "/");
  const db = await getDatabase();
  const [view, sources, anyData] = await Promise.all([searchParams.then(parseView), listSources(db.prisma), hasRollups(db.sql)]);

  if (!anyData) {
    const host = head.get("x-forwarded-host") ?? head.get("host") ?? "localhost:3000";
    const proto = head.get("x-forwarded-proto") ?? "http";
    return (
      <>
        <PageHeader title="Overview" />
        <OverviewEmpty
          origin={`${proto}://${host}`}
          sources={sources}
          canAddSources={can(actor, "sources.write")}
          canInvite={can(actor, "users.manage")}
          canLoadDemo={can(actor, "demo.manage")}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title="Overview" description="Which backend answers 5xx behind your proxies, since when, and why." />
      <Suspense fallback={<OverviewSkeleton />}>
        <LoadedOverview view={view} sources={sources} />
      </Suspense>
    </>
  );
}

async function LoadedOverview({ view: asked, sources }: { view: ViewState; sources: SourceView[] }) {
  const { view, knownSource } = withKnownSource(asked, sources);
  const data = await loadOverview(await getDatabase(), view);
  return (
    <OverviewProvider view={view} initial={data} sources={sources.map(({ id, name, kind }) => ({ id, name, kind }))}>
      {knownSource ? null : <UnknownSourceNotice />}
      <OverviewControls />
      <Dashboard />
    </OverviewProvider>
  );
}
