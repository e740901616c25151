import { headers } from "next/headers";
import { AppShell } from "@/components/nav/app-shell";
import { DemoBanner } from "@/components/demo/demo-banner";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { demoStatus } from "@/lib/demo/status";
import { openIncidentCount } from "@/lib/incidents/read";
import { PATH_HEADER } from "@/proxy";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Each page also checks its own permission; this keeps anyone without a session out of the frame.
  // The layout and the page render concurrently, so the layout must name the same page in its
  // sign-in redirect, or whichever redirect came first would decide where sign-in leads back to.
  const from = (await headers()).get(PATH_HEADER) || "/";
  const actor = await requirePageActor("dashboard.read", from);
  const { sql } = await getDatabase();
  const [demo, openIncidents] = await Promise.all([demoStatus(sql), openIncidentCount(sql)]);
  const user = actor.kind === "user" ? { email: actor.email, name: actor.name, role: actor.role } : { email: actor.kind, name: null, role: actor.role };
  return (
    <AppShell user={user} showSettings={can(actor, "settings.read")} openIncidents={openIncidents}>
      {demo.loaded ? <DemoBanner canRemove={can(actor, "demo.manage")} /> : null}
      {children}
    </AppShell>
  );
}
