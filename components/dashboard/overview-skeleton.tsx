// What the overview looks like while its first data loads: the same blocks, without numbers.
import { ChartSkeleton } from "@/components/charts/lazy-time-chart";
import styles from "./dashboard.module.css";

export function OverviewSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite" className={styles.skeletonPage} data-testid="overview-loading">
      <span className="sr-only">Loading the overview…</span>
      <div className={`${styles.toolbar} ${styles.skeletonToolbar}`} aria-hidden="true">
        <span className={styles.bone} style={{ width: "22rem", height: "2rem" }} />
        <span className={styles.bone} style={{ width: "14rem", height: "1rem" }} />
      </div>
      <div className={styles.stats} aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className={`card ${styles.stat}`}>
            <span className={styles.bone} style={{ width: "45%", height: "0.8rem" }} />
            <span className={styles.bone} style={{ width: "60%", height: "1.9rem", margin: "0.5rem 0" }} />
            <span className={styles.bone} style={{ width: "70%", height: "0.7rem" }} />
          </div>
        ))}
      </div>
      <div className={`card ${styles.skeletonCard}`} aria-hidden="true">
        <span className={styles.bone} style={{ width: "10rem", height: "1rem" }} />
        <ChartSkeleton height={260} />
      </div>
      <div className={styles.pair} aria-hidden="true">
        {[0, 1].map((i) => (
          <div key={i} className={`card ${styles.skeletonCard}`}>
            <span className={styles.bone} style={{ width: "8rem", height: "1rem" }} />
            <ChartSkeleton />
          </div>
        ))}
      </div>
    </div>
  );
}
