import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache, Suspense } from "react";
import { BackendDetailView } from "@/components/backends/backend-detail";
import { OverviewSkeleton } from "@/components/dashboard/overview-skeleton";
import { parseView } from "@/components/dashboard/view-state";
import { can, type Actor } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getBackend } from "@/lib/backends/backends";
import { getDatabase, getPrisma } from "@/lib/db/client";
import { SuggestionsPanel } from "@/components/alerts/suggestions-panel";
import { listSuggestions } from "@/lib/alerts/suggestion-data";
import { isAppError } from "@/lib/errors/app-error";
import { PATH_HEADER } from "@/proxy";
import { LoadedBackendTraffic } from "./traffic";
import { ShareButton } from "@/components/shares/share-button";

type Params = { params: Promise<{ id: string }> };
type SearchParams = Record<string, string | string[] | undefined>;

const pathOf = (id: string) => `/backends/${encodeURIComponent(id)}`;

// The view depends on the actor (viewers do not see probe secrets), so each caller reads its own.
// Read once per request: the title and the page ask with the same (per-request cached) actor.
const findBackend = cache(async (actor: Actor, id: string) => {
  try {
    return await getBackend(await getPrisma(), actor, id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  // The page itself checks the session; a title must not leak a backend's name to a stranger.
  const actor = await requirePageActor("dashboard.read", pathOf(id));
  return { title: `${(await findBackend(actor, id)).name} · Backends` };
}

export default async function BackendPage({ params, searchParams }: Params & { searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  // The path with its query, so signing in reopens this very view (range, cause, samples).
  const actor = await requirePageActor("dashboard.read", (await headers()).get(PATH_HEADER) || pathOf(id));
  const backend = await findBackend(actor, id);
  const view = parseView(await searchParams);
  // When the data was read: the browser counts "updated … ago" and relative times from it.
  const readAt = new Date().getTime();
  const suggestions = await listSuggestions((await getDatabase()).sql, backend.name);
  return (
    <BackendDetailView
      initial={backend}
      readAt={readAt}
      canWrite={can(actor, "backends.write")}
      share={can(actor, "shares.create") ? <ShareButton target={{ type: "backend", id: backend.id }} /> : null}
      alerts={<SuggestionsPanel suggestions={suggestions} canWrite={can(actor, "rules.write")} title="Suggested alert rules" />}
      traffic={
        <Suspense fallback={<OverviewSkeleton />}>
          <LoadedBackendTraffic view={view} backend={backend.name} actor={actor} />
        </Suspense>
      }
    />
  );
}
