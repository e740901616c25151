import type { Metadata } from "next";
import { BackendsPage } from "@/components/backends/backends-page";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { listBackends } from "@/lib/backends/backends";
import { getPrisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Backends" };

export default async function Backends() {
  const actor = await requirePageActor("dashboard.read", "/backends");
  const backends = await listBackends(await getPrisma(), actor);
  // When the data was read: the browser counts "updated … ago" and relative times from it.
  const readAt = new Date().getTime();
  return <BackendsPage initial={backends} readAt={readAt} canWrite={can(actor, "backends.write")} />;
}
