// The backend page's traffic block, loaded in its own Suspense boundary so health and probes
// paint at once: the overview's reads pinned to this backend's name, and the first samples page.
import { OverviewProvider } from "@/components/dashboard/overview-provider";
import { BackendTraffic } from "@/components/backends/backend-traffic";
import type { ViewState } from "@/components/dashboard/view-state";
import { packFirstPaint } from "@/components/dashboard/first-paint";
import type { Actor } from "@/lib/auth/permissions";
import { getDatabase } from "@/lib/db/client";
import { listSources } from "@/lib/sources/sources";
import { loadOverview, withSamples } from "../../load-overview";

export async function LoadedBackendTraffic({ view: asked, backend, actor }: { view: ViewState; backend: string; actor: Actor }) {
  const db = await getDatabase();
  // Without a source filter the reads need nothing from the source list: they start alongside it.
  const reads = (view: ViewState) => withSamples(db, view, (nowMs) => loadOverview(db, view, actor, nowMs));
  const unfiltered = asked.source ? null : reads({ ...asked, backend });
  unfiltered?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const sources = await listSources(db.prisma);
  // A link may name a source deleted since: show every source rather than fail.
  const knownSource = !asked.source || sources.some((s) => s.id === asked.source || s.name === asked.source);
  const view = { ...asked, backend, source: knownSource ? asked.source : null };
  const [data, samples] = await (unfiltered ?? reads(view));
  return (
    <OverviewProvider view={view} initial={packFirstPaint(data)} sources={sources.map(({ id, name, kind }) => ({ id, name, kind }))} pinnedBackend={backend}>
      <BackendTraffic samples={samples} />
    </OverviewProvider>
  );
}
