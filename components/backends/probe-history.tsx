"use client";
// A probe's recent history: a range (1h / 6h / 24h), the chart of total time by phase with failures
// marked, a database or cache probe's numbers on the same axis, and the results table. Results
// come from GET /api/v1/probes/:id/results and are read again every 10 s while the range ends now.
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ProbeResultsAnswer, ProbeView } from "@/lib/backends/probe-schemas";
import { callApi } from "@/components/forms/api";
import { formatMeasured } from "@/components/backends/format";
import { probeChartData } from "@/components/backends/probe-chart-data";
import { probeLabel, probeTarget } from "@/components/backends/probe-kinds";
import { ProbeResultsTable } from "@/components/backends/probe-results-table";
import { ServiceCharts } from "@/components/backends/service-charts";
import { PROBE_RANGES, PROBE_RESULTS_LIMIT, probeResultsPath, type ProbeRange } from "@/components/backends/probe-ranges";
import segmented from "@/components/ui/segmented.module.css";
import styles from "./backends.module.css";

const REFRESH_MS = 10_000;
const CHART_HEIGHT = 240;

function ChartSkeleton() {
  return <div className={styles.chartSkeleton} style={{ height: CHART_HEIGHT }} aria-hidden="true" />;
}

const ProbeChart = dynamic(() => import("@/components/backends/probe-chart"), { ssr: false, loading: () => <ChartSkeleton /> });

export function ProbeHistory({ probes }: { probes: ProbeView[] }) {
  const [chosen, setChosen] = useState(probes[0]?.id ?? "");
  const [range, setRange] = useState<ProbeRange>("1h");
  const [answer, setAnswer] = useState<ProbeResultsAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  // The chosen probe may have been deleted meanwhile: fall back to the first.
  const probe = probes.find((p) => p.id === chosen) ?? probes[0];
  const probeId = probe?.id ?? "";

  const load = useCallback(async () => {
    if (!probeId) return;
    const mine = ++seq.current;
    const res = await callApi<ProbeResultsAnswer>("GET", probeResultsPath(probeId, range, Date.now()));
    if (mine !== seq.current) return;
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setAnswer(res.data);
  }, [probeId, range]);

  useEffect(() => {
    const first = setTimeout(() => void load(), 0);
    const timer = setInterval(() => {
      if (!document.hidden) void load();
    }, REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [load]);

  // Until the answer for this probe and range arrives, the previous one is not shown as if it were.
  const current = answer && answer.probeId === probeId ? answer : null;
  const domain = useMemo<[number, number] | null>(() => (current ? [Date.parse(current.from), Date.parse(current.to)] : null), [current]);
  const chart = useMemo(() => (current && domain ? probeChartData(current.results, domain[0], domain[1]) : null), [current, domain]);
  if (!probe) return null;

  const results = current?.results ?? [];
  // Counts and percentiles over every check of the range, from the server (the list may be thinned).
  const { checks, failed, p50Ms, p95Ms } = current?.stats ?? { checks: 0, failed: 0, p50Ms: null, p95Ms: null };
  const target = `${probeLabel(probe)} ${probeTarget(probe)}`;
  const shown = current?.everyMs
    ? ` (the chart shows one per ${current.everyMs / 1000} s and every failed one)`
    : current?.truncated
      ? ` (the chart shows the newest ${PROBE_RESULTS_LIMIT.toLocaleString()})`
      : "";
  const summary = current
    ? checks === 0
      ? `No checks in the last ${range}.`
      : `${checks.toLocaleString()} checks, ${failed.toLocaleString()} failed` +
        ` (${((failed / checks) * 100).toFixed(failed > 0 && failed < checks ? 1 : 0)}%) · median ${formatMeasured(p50Ms)}, p95 ${formatMeasured(p95Ms)}${shown}`
    : "Loading…";

  return (
    <section className={styles.section} aria-labelledby="probe-history-title" data-testid="probe-history">
      <div className={styles.sectionHead}>
        <div>
          <h2 id="probe-history-title" className={styles.sectionTitle}>
            Probe history
          </h2>
          <p className={styles.sectionIntro}>Total time of each check, split into its phases; failed checks are marked by why they failed.</p>
        </div>
        <div className={styles.historyTools}>
          {probes.length > 1 ? (
            <label className={styles.inlineField}>
              <span>Probe</span>
              <select value={probe.id} onChange={(e) => setChosen(e.target.value)} className={styles.inlineSelect}>
                {probes.map((p) => (
                  <option key={p.id} value={p.id}>
                    {probeLabel(p)} {probeTarget(p)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div role="group" aria-label="Time range" className={segmented.segmented}>
            {(Object.keys(PROBE_RANGES) as ProbeRange[]).map((r) => (
              <button key={r} type="button" className={segmented.segment} aria-pressed={r === range} onClick={() => setRange(r)}>
                {r}
              </button>
            ))}
          </div>
        </div>
      </div>
      <div className={`card ${styles.chartCard}`}>
        <figure className={styles.figure} aria-labelledby="probe-chart-caption">
          <figcaption id="probe-chart-caption" className={styles.chartCaption}>
            <span className={styles.mono}>{target}</span>, last {range}: {summary}
          </figcaption>
          {error ? (
            <p role="alert" className="alert alert-error">
              Could not load the results: {error}
            </p>
          ) : null}
          {chart && domain ? (
            results.length > 0 ? (
              <ProbeChart data={chart} domain={domain} height={CHART_HEIGHT} title={`Probe check times, ${target}, last ${range}`} />
            ) : (
              <p className={styles.chartEmpty} style={{ height: CHART_HEIGHT }}>
                {probe.enabled ? "No checks in this range yet. The first results appear within one interval." : "This probe is paused: no checks in this range."}
              </p>
            )
          ) : (
            <ChartSkeleton />
          )}
        </figure>
      </div>
      {current && domain && results.length > 0 ? <ServiceCharts kind={probe.kind} results={results} domain={domain} target={target} /> : null}
      {current ? <ProbeResultsTable results={results} capacity={probe.kind !== "http" && probe.kind !== "tcp"} /> : null}
    </section>
  );
}
