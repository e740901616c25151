import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Brand } from "@/components/ui/brand";
import { SharedBackendFacts } from "@/components/shares/shared-backend";
import { SharedIncident } from "@/components/shares/shared-incident";
import { SharedTraffic } from "@/components/shares/shared-traffic";
import { packOverview } from "@/components/dashboard/first-paint";
import styles from "@/components/shares/shares.module.css";
import { trustedProxiesConfig } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { findActiveShare, recordShareView, type ActiveShare } from "@/lib/shares/links";
import { loadSharedContent, type SharedContent } from "../share-content";

// Never indexed (proxy.ts also sends X-Robots-Tag and Referrer-Policy: no-referrer for /s/).
export const metadata: Metadata = { title: "Shared view", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

async function content(share: ActiveShare): Promise<SharedContent> {
  // Frozen: exactly what it showed when made. Live: read again now.
  if (share.frozen && share.snapshot) return share.snapshot as SharedContent;
  try {
    return await loadSharedContent(await getDatabase(), share);
  } catch (e) {
    // The incident or backend was deleted since: the link shows nothing, like a dead one.
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}

const KIND_LABEL = { incident: "Incident", backend: "Backend", view: "Dashboard" } as const;

export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDatabase();
  const share = await findActiveShare(db.prisma, token);
  if (!share) notFound();
  const shown = await content(share);
  await recordShareView(db.prisma, share.id, clientIpFromHeaders(await headers(), trustedProxiesConfig()));
  const range = share.view.from !== null && share.view.to !== null ? `${new Date(share.view.from).toISOString().slice(0, 16)} – ${new Date(share.view.to).toISOString().slice(0, 16)} UTC` : null;
  return (
    <div className={styles.page} data-testid="share-page">
      <header className={styles.bar}>
        <Brand />
        <div className={styles.facts}>
          <span>Read-only {share.frozen ? `snapshot of ${share.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "live view"}</span>
          {share.kind !== "incident" && range ? <span>{range}</span> : null}
          {share.kind !== "incident" && !share.frozen && share.view.range ? <span>last {share.view.range}</span> : null}
          <span>{share.expiresAt ? `link expires ${share.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "link does not expire"}</span>
        </div>
      </header>
      <main>
        <p className="muted">{KIND_LABEL[share.kind]}</p>
        <h1>{share.title}</h1>
        {share.note ? (
          <p className={styles.note} data-testid="share-note">
            {share.note}
          </p>
        ) : null}
        {shown.kind === "incident" ? <SharedIncident incident={shown.incident} /> : null}
        {shown.kind === "backend" ? <SharedBackendFacts backend={shown.backend} /> : null}
        {shown.kind !== "incident" ? <SharedTraffic data={packOverview(shown.traffic)} /> : null}
      </main>
    </div>
  );
}
