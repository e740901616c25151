import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/alerts/auto-refresh";
import { RulesTable } from "@/components/alerts/rules-table";
import { SuggestionsPanel } from "@/components/alerts/suggestions-panel";
import { PageHeader } from "@/components/ui/page-header";
import settings from "@/components/ui/settings.module.css";
import { listRules } from "@/lib/alerts/rules";
import { listSuggestions } from "@/lib/alerts/suggestion-data";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";

export const metadata: Metadata = { title: "Alert rules" };
export const dynamic = "force-dynamic";

export default async function RulesPage() {
  const actor = await requirePageActor("dashboard.read", "/alerts/rules");
  const db = await getDatabase();
  const rules = await listRules(db.prisma);
  // Suggestions greet an empty page; once rules exist they live on each backend's page.
  const suggestions = rules.length === 0 ? await listSuggestions(db.sql) : [];
  const canWrite = can(actor, "rules.write");
  return (
    <>
      <PageHeader
        title="Alert rules"
        description="Rules watch the rollups by the time in the log lines, right after each batch and every 10 s. Each has one instance per backend in its scope."
        actions={
          canWrite ? (
            <Link href="/alerts/rules/new" className="btn btn-primary">
              New rule
            </Link>
          ) : null
        }
      />
      <AutoRefresh />
      {rules.length > 0 ? (
        <RulesTable rules={rules} now={new Date()} />
      ) : (
        <div className={`card ${settings.tableCard}`}>
          <p className={settings.empty}>
            No alert rules yet.{" "}
            {suggestions.length > 0
              ? "Start from the suggestions below."
              : "Once Origin Watch has seen traffic or probe results, it suggests rules here."}
          </p>
        </div>
      )}
      <SuggestionsPanel suggestions={suggestions} canWrite={canWrite} />
    </>
  );
}
