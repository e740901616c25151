"use client";
// A backend's traffic, from the rollups of the lines that named it: the overview's own range
// picker, cause breakdown and charts (the view pinned to this backend), then its 5xx samples.
import { useOverview } from "@/components/dashboard/overview-provider";
import { OverviewControls } from "@/components/dashboard/controls";
import { CauseBreakdown } from "@/components/dashboard/cause-breakdown";
import { ErrorsChart } from "@/components/dashboard/errors-chart";
import { LatencyChart } from "@/components/dashboard/latency-chart";
import { TrafficChart } from "@/components/dashboard/traffic-chart";
import { CacheChart } from "@/components/dashboard/cache-chart";
import { viewToSearch } from "@/components/dashboard/view-state";
import { SamplesSection, type LoadedSamples } from "@/components/samples/samples-section";
import dashboard from "@/components/dashboard/dashboard.module.css";
import styles from "./backends.module.css";

export function BackendTraffic({ samples }: { samples: LoadedSamples }) {
  const { view, data, pending, pinnedBackend } = useOverview();
  return (
    <section className={styles.section} aria-labelledby="traffic-title">
      <h2 id="traffic-title" className={styles.sectionTitle}>
        Traffic and 5xx
      </h2>
      <OverviewControls />
      <div
        className={`${dashboard.body} ${pending ? dashboard.pending : ""}`}
        aria-busy={pending}
        data-testid="backend-traffic"
        data-view={viewToSearch({ ...view, backend: null })}
        data-from={data.range.fromMs}
        data-to={data.range.toMs}
      >
        {data.summary.total === 0 ? (
          <p className="alert alert-warn" role="status">
            No log line named {pinnedBackend ? <code>{pinnedBackend}</code> : "this backend"} in this range. Pick a longer range, or check that
            your proxy&apos;s log format names the backend (nginx <code>$proxy_host</code>, varnishncsa <code>%{"{VSL:BackendOpen[2]}"}x</code>,
            HAProxy&apos;s <code>option httplog</code>) under the same name as this page.
          </p>
        ) : null}
        <CauseBreakdown />
        <ErrorsChart />
        <div className={dashboard.pair}>
          <TrafficChart />
          <LatencyChart />
        </div>
        <CacheChart />
        <SamplesSection initial={samples} />
      </div>
    </section>
  );
}
