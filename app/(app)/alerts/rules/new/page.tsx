import type { Metadata } from "next";
import Link from "next/link";
import { RuleForm } from "@/components/alerts/rule-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { readBackendSlos } from "@/lib/alerts/suggestion-data";
import { getDatabase, getPrisma } from "@/lib/db/client";
import { listChannels } from "@/lib/notifications/channels-store";

export const metadata: Metadata = { title: "New alert rule" };

export default async function NewRulePage() {
  await requirePageActor("rules.write", "/alerts/rules/new");
  // A burn-rate rule on a backend with an SLO starts from it.
  const backendSlos = await readBackendSlos((await getDatabase()).sql);
  return (
    <>
      <PageHeader title="New alert rule" description={<Link href="/alerts/rules">Back to the rules</Link>} />
      <RuleForm
        rule={null}
        canWrite
        backendSlos={backendSlos}
        channels={(await listChannels(await getPrisma())).map((c) => ({ id: c.id, name: c.name, kind: c.kind }))}
      />
    </>
  );
}
