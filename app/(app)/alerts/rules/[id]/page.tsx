import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/alerts/auto-refresh";
import { DeleteRule } from "@/components/alerts/delete-rule";
import { RuleForm } from "@/components/alerts/rule-form";
import { RulesTable } from "@/components/alerts/rules-table";
import { PageHeader } from "@/components/ui/page-header";
import { getRule } from "@/lib/alerts/rules";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { listChannels } from "@/lib/notifications/channels-store";

type Params = { params: Promise<{ id: string }> };
const pathOf = (id: string) => `/alerts/rules/${encodeURIComponent(id)}`;

async function findRule(id: string) {
  try {
    return await getRule(await getPrisma(), id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  await requirePageActor("dashboard.read", pathOf(id));
  return { title: `${(await findRule(id)).name} · Alert rules` };
}

export default async function RulePage({ params }: Params) {
  const { id } = await params;
  const actor = await requirePageActor("dashboard.read", pathOf(id));
  const rule = await findRule(id);
  const canWrite = can(actor, "rules.write");
  const channels = (await listChannels(await getPrisma())).map((c) => ({ id: c.id, name: c.name, kind: c.kind }));
  return (
    <>
      <PageHeader title={rule.name} description={<Link href="/alerts/rules">Back to the rules</Link>} />
      <AutoRefresh />
      <RulesTable rules={[rule]} now={new Date()} />
      {/* Keyed by the stored version, so a save (or another editor's) resets the form to it. */}
      <RuleForm key={rule.updatedAt} rule={rule} canWrite={canWrite} channels={channels} />
      {canWrite ? <DeleteRule id={rule.id} name={rule.name} /> : null}
    </>
  );
}
