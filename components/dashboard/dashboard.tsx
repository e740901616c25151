"use client";
// The overview's body, in the order an outage is read: the headline numbers, the 5xx chart (within
// the first screen at 1280×720), why (causes), which backends (worst first), then traffic, latency
// and the cache. Dimmed while the next view loads.
import { useOverview } from "@/components/dashboard/overview-provider";
import { Headline } from "@/components/dashboard/headline";
import { CauseBreakdown } from "@/components/dashboard/cause-breakdown";
import { ErrorsChart } from "@/components/dashboard/errors-chart";
import { TrafficChart } from "@/components/dashboard/traffic-chart";
import { CacheChart } from "@/components/dashboard/cache-chart";
import { LatencyChart } from "@/components/dashboard/latency-chart";
import { HealthTable } from "@/components/dashboard/health-table";
import { viewToSearch } from "@/components/dashboard/view-state";
import styles from "./dashboard.module.css";

export function Dashboard() {
  const { view, data, pending, navigate } = useOverview();
  const filtered = Boolean(view.backend || view.cause || view.source);
  return (
    <div
      className={`${styles.body} ${pending ? styles.pending : ""}`}
      aria-busy={pending}
      data-testid="overview"
      data-view={viewToSearch(view)}
      data-from={data.range.fromMs}
      data-to={data.range.toMs}
    >
      {data.summary.total === 0 ? (
        <div className="alert alert-warn" role="status">
          <p>
            No requests arrived in this range{filtered ? " for these filters" : ""}. Pick a longer range
            {filtered ? (
              <>
                {" "}or{" "}
                <button type="button" className={styles.linkButton} onClick={() => navigate({ ...view, backend: null, cause: null, source: null })}>
                  clear the filters
                </button>
              </>
            ) : null}
            .
          </p>
        </div>
      ) : null}
      <Headline />
      <ErrorsChart />
      <CauseBreakdown />
      <HealthTable />
      <div className={styles.pair}>
        <TrafficChart />
        <LatencyChart />
      </div>
      <CacheChart />
    </div>
  );
}
