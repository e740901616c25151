import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { CiRecipe } from "@/components/events/ci-recipe";
import { EventsBoard } from "@/components/events/events-board";
import { EventsEmpty } from "@/components/events/events-empty";
import { EventsToolbar } from "@/components/events/events-toolbar";
import { parseEventsView, resolveEventsRange } from "@/components/events/events-view";
import styles from "@/components/events/events.module.css";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { listBackends } from "@/lib/backends/backends";
import { authConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { EVENT_LOG_LIMIT, listEventBackends, listEventLog } from "@/lib/events/event-log";
import { listSources } from "@/lib/sources/sources";
import { PATH_HEADER } from "@/proxy";

export const metadata: Metadata = { title: "Events" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const head = await headers();
  const actor = await requirePageActor("dashboard.read", head.get(PATH_HEADER) || "/events");
  const prisma = await getPrisma();
  const view = parseEventsView(await searchParams);
  // The request's clock: the range, and the overview links built from it.
  const nowMs = new Date().getTime();
  const range = resolveEventsRange(view, nowMs);
  const [log, backends, eventBackends, sources] = await Promise.all([
    listEventLog(prisma, { from: String(range.fromMs), to: String(range.toMs), type: view.type ?? undefined, backend: view.backend ?? undefined }),
    listBackends(prisma, actor),
    listEventBackends(prisma),
    listSources(prisma),
  ]);
  const canWrite = can(actor, "events.write");
  const canManageTokens = can(actor, "tokens.manage");
  // NEXTAUTH_URL is the public address when set; otherwise the one the browser used (as the overview does).
  const configured = authConfig().url;
  const origin = configured
    ? new URL(configured).origin
    : `${head.get("x-forwarded-proto") ?? "http"}://${head.get("x-forwarded-host") ?? head.get("host") ?? "localhost:3000"}`;
  const filterBackends = [...new Set([...backends.map((b) => b.name), ...eventBackends])].filter(Boolean).sort((a, b) => a.localeCompare(b));
  const filtered = Boolean(view.type || view.backend);

  return (
    <>
      <PageHeader
        title="Events"
        description="Deploys, purges, configuration changes and notes. Each is a marker on every time chart, so a jump in 5xx can be matched to what changed just before it."
      />
      {log.anyEvents ? <EventsToolbar view={view} range={range} backends={filterBackends} /> : null}
      <EventsBoard
        events={log.events}
        truncated={log.truncated}
        limit={EVENT_LOG_LIMIT}
        canWrite={canWrite}
        choices={{ backends: backends.map((b) => b.name).filter(Boolean), sources: sources.map((s) => ({ id: s.id, name: s.name })) }}
        nowMs={nowMs}
        empty={
          log.anyEvents ? (
            <p className={`card ${styles.noMatch}`} data-testid="events-none-in-range">
              {filtered ? "No event in this range matches these filters." : "No events in this range."} Pick a longer range
              {filtered ? " or clear the filters" : ""} to see earlier ones.
            </p>
          ) : (
            <EventsEmpty origin={origin} canWrite={canWrite} canManageTokens={canManageTokens} />
          )
        }
      />
      {log.anyEvents ? (
        <details className={styles.more}>
          <summary>Record events from your CI pipeline</summary>
          <CiRecipe origin={origin} canManageTokens={canManageTokens} />
        </details>
      ) : null}
    </>
  );
}
