import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { LocalTime } from "@/components/ui/local-time";
import styles from "@/components/ui/settings.module.css";
import { AUDIT_ACTION_IDS } from "@/lib/audit/actions";
import { AuditQuery, listAudit } from "@/lib/audit/read";
import { requirePageActor } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;
const FILTERS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageActor("audit.read", "/settings/audit");
  const raw = await searchParams;
  const asked = Object.fromEntries(FILTERS.flatMap((k) => (typeof raw[k] === "string" && raw[k] ? [[k, raw[k] as string]] : [])));
  const parsed = AuditQuery.safeParse(asked);
  const entries = parsed.success ? await listAudit(await getPrisma(), parsed.data) : [];
  const csv = `/api/v1/audit?${new URLSearchParams({ ...asked, format: "csv", limit: "10000" }).toString()}`;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where: sign-ins, users and roles, invitations, tokens, sources, rules, silences, share links, imports and demo data. Nothing can change or remove an entry."
        actions={
          <a className="btn" href={csv} download data-testid="audit-csv">
            Export CSV
          </a>
        }
      />
      <form method="get" className={`card ${styles.tableCard}`} aria-label="Filter the audit log" data-testid="audit-filters">
        <div className="row" style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem", alignItems: "end", padding: "0.75rem" }}>
          <label>
            Actor <input name="actor" defaultValue={asked.actor ?? ""} placeholder="email, token id, cli, system" />
          </label>
          <label>
            Action{" "}
            <select name="action" defaultValue={asked.action ?? ""}>
              <option value="">any</option>
              {AUDIT_ACTION_IDS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            Target <input name="targetId" defaultValue={asked.targetId ?? ""} placeholder="target id" />
          </label>
          <label>
            From <input name="from" type="datetime-local" defaultValue={asked.from ?? ""} />
          </label>
          <label>
            To <input name="to" type="datetime-local" defaultValue={asked.to ?? ""} />
          </label>
          <button type="submit" className="btn btn-primary">
            Filter
          </button>
        </div>
      </form>
      {!parsed.success ? <p className="alert alert-error">{parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</p> : null}
      <div className={`card ${styles.tableCard}`}>
        {entries.length === 0 ? (
          <p className="muted" style={{ padding: "0.75rem" }}>
            No entries match.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="audit-table">
              <caption className="sr-only">Audit log</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Target</th>
                  <th scope="col">From</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td className={styles.nowrap}>
                      <LocalTime iso={e.at} />
                    </td>
                    <td>{e.actor}</td>
                    <td title={e.description}>{e.action}</td>
                    <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}</td>
                    <td>{e.ip ?? ""}</td>
                    <td>
                      <code>{JSON.stringify(e.details)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
