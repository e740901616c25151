"use client";
// Why the 5xx happened over the whole range: one bar split by cause, each cause a filter.
import { useOverview } from "@/components/dashboard/overview-provider";
import { CAUSE_HINT, causeColor, causeLabel, isCauseId } from "@/components/charts/palette";
import { CauseName } from "@/components/charts/cause-name";
import { formatCount, formatPercent } from "@/components/charts/format";
import { count5xx } from "@/components/dashboard/summary-math";
import styles from "./dashboard.module.css";

export function CauseBreakdown() {
  const { view, data, navigate } = useOverview();
  const causes = Object.entries(data.summary.byCause)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = causes.reduce((s, [, n]) => s + n, 0);
  const errors = count5xx(data.summary.byStatus);

  return (
    <section className={`card ${styles.causes}`} aria-labelledby="causes-title" data-testid="cause-breakdown">
      <div className={styles.causesHead}>
        <h2 id="causes-title" className={styles.sectionTitle}>
          Why: 5xx by cause
        </h2>
        <p className={styles.sectionNote}>
          {errors === 0 ? "No 5xx in this range." : `${formatCount(errors)} responses with a 5xx status in this range`}
        </p>
      </div>
      {total > 0 ? (
        <>
          <div className={styles.causeBar} aria-hidden="true">
            {causes.map(([cause, n]) => (
              <span key={cause} style={{ flexGrow: n, background: causeColor(cause) }} title={`${causeLabel(cause)} (${cause}): ${formatCount(n)}`} />
            ))}
          </div>
          <ul className={styles.causeList}>
            {causes.map(([cause, n]) => {
              const selected = view.cause === cause;
              return (
                <li key={cause}>
                  <button
                    type="button"
                    className={styles.causeItem}
                    aria-pressed={selected}
                    title={`${isCauseId(cause) ? CAUSE_HINT[cause] : ""} ${selected ? "Click to show every cause." : "Click to show only this cause."}`.trim()}
                    onClick={() => navigate({ ...view, cause: selected || !isCauseId(cause) ? null : cause })}
                  >
                    <span className={styles.causeSwatch} style={{ background: causeColor(cause) }} aria-hidden="true" />
                    <CauseName cause={cause} />
                    <span className={styles.causeCount}>
                      {formatCount(n)} · {formatPercent(n / total)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
