import "server-only";
// The content of a share link, read the way the dashboard reads it (the overview's typed queries,
// the incident and backend reads), then cut down by lib/shares/content.ts. Lives beside the share
// page because the overview's queries belong to the dashboard (components/dashboard), which lib
// may not import; the shares API hands `shareMaker` to lib/shares/links.ts for frozen links.
import { DEFAULT_VIEW, parseView, resolveRange, type ViewState } from "@/components/dashboard/view-state";
import type { OverviewData } from "@/components/dashboard/overview-queries";
import type { Actor } from "@/lib/auth/permissions";
import { getBackend } from "@/lib/backends/backends";
import type { Database } from "@/lib/db/client";
import { getIncident } from "@/lib/incidents/read";
import type { IncidentDetail } from "@/lib/incidents/schemas";
import { isCauseId } from "@/lib/ingest/types";
import { sharedBackend, sharedIncident, type SharedBackend } from "@/lib/shares/content";
import type { ActiveShare, ShareMaker, ShareTargetFacts, StoredView } from "@/lib/shares/links";
import { redactDeep } from "@/lib/shares/redact";
import type { Redaction } from "@/lib/shares/schemas";
import { loadOverview } from "@/app/(app)/load-overview";

export type SharedContent =
  | { kind: "incident"; incident: IncidentDetail }
  | { kind: "backend"; backend: SharedBackend; traffic: OverviewData }
  | { kind: "view"; traffic: OverviewData };

// Reads made for a stranger see what a viewer would, minus what `can` refuses a share (probe query values).
const readerFor = (shareId: string): Actor => ({
  kind: "share",
  id: shareId,
  role: "viewer",
  share: { kind: "view", targetId: null, backend: null, source: null, range: null, redact: { clientIps: true, queryStrings: true, backendAddresses: true } },
});

const toViewState = (v: StoredView): ViewState => ({
  ...DEFAULT_VIEW,
  range: v.range === null ? null : (parseView({ range: v.range }).range ?? DEFAULT_VIEW.range),
  from: v.from,
  to: v.to,
  backend: v.backend,
  source: v.source,
  cause: v.cause !== null && isCauseId(v.cause) ? v.cause : null,
  refresh: false,
});

const toStoredView = (v: ViewState): StoredView => ({ range: v.range, from: v.from, to: v.to, backend: v.backend, source: v.source, cause: v.cause });

/** The overview's data for a view, with only the backends it is about and nothing the link hides. */
async function sharedTraffic(db: Database, view: StoredView, r: Redaction, reader: Actor): Promise<OverviewData> {
  const data = await loadOverview(db, toViewState(view), reader);
  const backends = data.backends
    .filter((b) => view.backend === null || b.name === view.backend)
    .map((b) => ({ ...b, address: r.backendAddresses ? null : b.address, dependencies: [] }));
  return { ...data, backends: redactDeep(backends, r), events: redactDeep(data.events, r) };
}

export async function loadSharedContent(db: Database, share: Pick<ActiveShare, "id" | "kind" | "targetId" | "view" | "redact">): Promise<SharedContent> {
  const reader = readerFor(share.id);
  if (share.kind === "incident") return { kind: "incident", incident: sharedIncident(await getIncident(db.sql, share.targetId ?? ""), share.redact) };
  if (share.kind === "backend") {
    const backend = sharedBackend(await getBackend(db.prisma, reader, share.targetId ?? ""), share.redact);
    return { kind: "backend", backend, traffic: await sharedTraffic(db, share.view, share.redact, reader) };
  }
  return { kind: "view", traffic: await sharedTraffic(db, share.view, share.redact, reader) };
}

const viewOfPath = (path: string | undefined): ViewState => parseView(new URL(path ?? "/", "http://x").searchParams);

/** A frozen link keeps the absolute range its view had at creation. */
const pinRange = (v: ViewState, frozen: boolean, nowMs: number): ViewState => {
  if (!frozen) return v;
  const { fromMs, toMs } = resolveRange(v, nowMs);
  return { ...v, range: null, from: fromMs, to: toMs };
};

/** How POST /api/v1/shares names a target and captures a frozen link's content. */
export function shareMaker(db: Database, actor: Actor): ShareMaker {
  return {
    async resolve(input, nowMs): Promise<ShareTargetFacts> {
      const t = input.target;
      if (t.type === "incident") {
        const incident = await getIncident(db.sql, t.id, nowMs);
        return { title: incident.title, targetId: incident.id, backend: null, view: toStoredView(DEFAULT_VIEW) };
      }
      if (t.type === "backend") {
        const backend = await getBackend(db.prisma, actor, t.id);
        const view = pinRange({ ...viewOfPath(t.path), backend: backend.name }, input.frozen, nowMs);
        return { title: backend.name, targetId: backend.id, backend: backend.name, view: toStoredView(view) };
      }
      const view = pinRange(viewOfPath(t.path), input.frozen, nowMs);
      const filters = [view.backend && `backend ${view.backend}`, view.cause && `cause ${view.cause}`].filter(Boolean).join(", ");
      return { title: filters ? `Overview (${filters})` : "Overview", targetId: null, backend: view.backend, view: toStoredView(view) };
    },
    async capture(facts, input) {
      const content = await loadSharedContent(db, { id: "", kind: input.target.type, targetId: facts.targetId, view: facts.view, redact: input.redact });
      return JSON.parse(JSON.stringify(content)) as object;
    },
  };
}
