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
import { packFirstPaint } from "@/components/dashboard/first-paint";
import type { OverviewData } from "@/components/dashboard/overview-queries";
import { can, type Actor } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { hasRollups } from "@/lib/rollups/presence";
import { openIncidentStrip } from "@/lib/incidents/read";
import { IncidentStrip } from "@/components/incidents/incident-strip";
import { SilentSources } from "@/components/sources/silent-sources";
import { authConfig } from "@/lib/config/env";
import { listSources } from "@/lib/sources/sources";
import type { SourceView } from "@/lib/sources/schemas";
import { PATH_HEADER } from "@/proxy";
import { loadOverview } from "./load-overview";
import { ShareButton } from "@/components/shares/share-button";
import { UnknownSourceNotice, withKnownSource } from "./source-filter";

export const metadata: Metadata = { title: "Overview" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const head = await headers();
  // The same path the layout names, query included, so signing in reopens this very view.
  const actor = await requirePageActor("dashboard.read", head.get(PATH_HEADER) || "/");
  const db = await getDatabase();
  // The incident strip is read alongside (one round trip less before the charts start); without
  // any data there is no strip to show.
  const asked = searchParams.then(parseView);
  // The charts' reads start with the page's own: a view without a source filter needs nothing
  // they answer (LoadedOverview checks the filter against the sources when there is one).
  const early = asked.then((v) => (v.source ? null : loadOverview(db, v, actor)));
  early.catch(() => undefined); // awaited in LoadedOverview; not an unhandled rejection meanwhile
  const [view, sources, anyData, strip] = await Promise.all([asked, listSources(db.prisma), hasRollups(db.sql), openIncidentStrip(db.sql)]);
  const incidents = anyData ? strip : [];

  if (!anyData) {
    // The server's own address in the commands to copy: NEXTAUTH_URL when set, else the request's.
    const host = head.get("x-forwarded-host") ?? head.get("host") ?? "localhost:3000";
    const proto = head.get("x-forwarded-proto") ?? "http";
    const publicUrl = authConfig().url?.replace(/\/+$/, "");
    return (
      <>
        <PageHeader title="Overview" />
        <OverviewEmpty
          origin={publicUrl ?? `${proto}://${host}`}
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
      {/* No description line: at 1280×720 the 5xx chart has to fit on the first screen. */}
      <PageHeader title="Overview" actions={can(actor, "shares.create") ? <ShareButton target={{ type: "view" }} /> : null} />
      <IncidentStrip incidents={incidents} now={new Date()} />
      <SilentSources sources={sources} now={new Date()} />
      <Suspense fallback={<OverviewSkeleton />}>
        <LoadedOverview view={view} sources={sources} actor={actor} early={early} />
      </Suspense>
    </>
  );
}

interface LoadedOverviewProps {
  view: ViewState;
  sources: SourceView[];
  actor: Actor;
  /** The reads of the asked view, already under way when it has no source filter. */
  early: Promise<OverviewData | null>;
}

async function LoadedOverview({ view: asked, sources, actor, early }: LoadedOverviewProps) {
  const { view, knownSource } = withKnownSource(asked, sources);
  const data = (await early) ?? (await loadOverview(await getDatabase(), view, actor));
  return (
    <OverviewProvider view={view} initial={packFirstPaint(data)} sources={sources.map(({ id, name, kind }) => ({ id, name, kind }))}>
      {knownSource ? null : <UnknownSourceNotice />}
      <OverviewControls />
      <Dashboard />
    </OverviewProvider>
  );
}
