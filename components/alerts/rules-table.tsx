// The rules list: each rule with its instances (one per backend in scope), their state, since
// when, and the current value against the threshold. Rendered on the server with the request's
// time, so "since" never disagrees with the browser's clock during hydration.
import Link from "next/link";
import type { RuleView } from "@/lib/alerts/schemas";
import type { RuleKindId } from "@/lib/alerts/kinds/registry";
import { RelativeTime } from "@/components/ui/relative-time";
import { KIND_LABELS, describeScope, valueUnit } from "@/components/alerts/rule-fields";
import { StateBadge } from "@/components/alerts/state-badge";
import settings from "@/components/ui/settings.module.css";
import styles from "./alerts.module.css";

const shown = (v: number | null, unit: string) => (v === null ? "—" : `${v}${unit}`);

function Instances({ rule, now }: { rule: RuleView; now: Date }) {
  if (!rule.enabled) return <span className={settings.muted}>Disabled</span>;
  if (rule.instances.length === 0) return <span className={settings.muted}>Not evaluated yet</span>;
  const unit = valueUnit(rule.kind, rule.config);
  return (
    <ul className={styles.instances}>
      {rule.instances.map((i) => (
        <li key={i.instance} className={styles.instance} data-testid="rule-instance" data-instance={i.instance} data-state={i.state}>
          <StateBadge state={i.state} />
          <span className={styles.instanceKey}>{i.instance || "(no backend)"}</span>
          <span className={settings.sub}>
            since <RelativeTime iso={i.since} now={now} />
          </span>
          <span className={styles.value}>
            {shown(i.value, unit)} vs {shown(i.threshold, unit)}
          </span>
          {i.reason ? <span className={styles.reason}>{i.reason}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function RulesTable({ rules, now }: { rules: RuleView[]; now: Date }) {
  return (
    <div className={`card ${settings.tableCard}`}>
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">Alert rules</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Instances: state, since, value vs threshold</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-testid="rule-row" data-rule={r.name}>
                <td>
                  <div className={settings.primaryCell}>
                    <Link href={`/alerts/rules/${encodeURIComponent(r.id)}`} className={styles.ruleName}>
                      {r.name}
                    </Link>
                    <span className={settings.sub}>
                      {KIND_LABELS[r.kind as RuleKindId] ?? r.kind} · {describeScope(r.scope)}
                      {r.for !== "0s" ? ` · for ${r.for}` : ""}
                    </span>
                  </div>
                </td>
                <td>
                  <span className={r.severity === "critical" ? "badge badge-danger" : r.severity === "warning" ? "badge badge-accent" : "badge"}>{r.severity}</span>
                </td>
                <td>
                  <Instances rule={r} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
