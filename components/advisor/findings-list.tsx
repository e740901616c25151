// Advisor findings as a list: the sentence, what to write in the proxy's config, and what the
// change would have saved over the period. Shared by Settings → Advisor and the backend page.
import Link from "next/link";
import type { Finding } from "@/lib/advisor/findings";
import styles from "./advisor.module.css";

const savedText = (f: Finding) =>
  `${f.saved.count.toLocaleString("en-US")} ${f.saved.unit} (${(Math.round(f.saved.share * 1000) / 10).toLocaleString("en-US")} %)`;

export function FindingsList({ findings, showBackend, periodDays }: { findings: Finding[]; showBackend: boolean; periodDays: number }) {
  if (findings.length === 0) {
    return <p className="muted">Nothing to change: the proxy&apos;s timeouts and health checks fit what the backends did over the last {periodDays} days.</p>;
  }
  return (
    <ul className={styles.list} data-testid="advisor-findings">
      {findings.map((f) => (
        <li key={`${f.backendId}-${f.kind}`} className={`card ${styles.finding}`} data-kind={f.kind}>
          <p className={styles.head}>
            <span className={f.severity === "critical" ? "badge badge-danger" : "badge"}>{f.severity}</span>
            {showBackend ? (
              <Link href={`/backends/${encodeURIComponent(f.backendId)}`} className={styles.backend}>
                {f.backendName}
              </Link>
            ) : null}
          </p>
          <p>{f.message}</p>
          <p>
            Change <code>{f.setting}</code> from <code>{f.current}</code> to: <code className={styles.change}>{f.change}</code>
          </p>
          <p className="muted">
            Over the last {periodDays} days this would have saved {savedText(f)}.
          </p>
        </li>
      ))}
    </ul>
  );
}
