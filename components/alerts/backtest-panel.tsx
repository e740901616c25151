"use client";
// The backtest of the rule in the form: what it would have done over the last 24 h or 7 d of
// stored rollups, as a chart (value, threshold, firing periods shaded) and one summary line.
import { useEffect, useState } from "react";
import dynamic from "next/dynamic";
import type { BacktestResult } from "@/lib/alerts/backtest-schemas";
import { callApi, type ApiResult } from "@/components/forms/api";
import { FormAlert } from "@/components/forms/form-alert";
import { ChartSkeleton } from "@/components/charts/lazy-time-chart";
import styles from "./alerts.module.css";

// Recharts loads after the page, in the browser only (times are drawn in the reader's zone).
const BacktestChart = dynamic(() => import("@/components/alerts/backtest-chart"), { ssr: false, loading: () => <ChartSkeleton height={260} /> });

export function BacktestPanel({ input, autoRun }: { input: () => unknown; autoRun: boolean }) {
  const [range, setRange] = useState<"24h" | "7d">("24h");
  const [result, setResult] = useState<BacktestResult | null>(null);
  const [instance, setInstance] = useState<string>("");
  // A stored rule's backtest starts at once, so the panel opens busy.
  const [pending, setPending] = useState(autoRun);
  const [error, setError] = useState<string | null>(null);

  const ask = (r: "24h" | "7d") => callApi<BacktestResult>("POST", "/api/v1/rules/backtest", { rule: input(), range: r });

  function show(res: ApiResult<BacktestResult>) {
    setPending(false);
    if (!res.ok) {
      const first = Object.entries(res.error.fields)[0];
      setError(first ? `${first[0].replace(/^rule\./, "")}: ${first[1]}` : res.error.message);
      return;
    }
    setError(null);
    setResult(res.data);
    setInstance((prev) => (res.data.instances.some((i) => i.instance === prev) ? prev : (res.data.instances[0]?.instance ?? "")));
  }

  async function run(r: "24h" | "7d") {
    setPending(true);
    show(await ask(r));
  }

  useEffect(() => {
    if (!autoRun) return;
    let cancelled = false;
    void ask("24h").then((res) => {
      if (!cancelled) show(res);
    });
    return () => {
      cancelled = true;
    };
    // Once, for the rule as stored; later runs are asked for with the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const shown = result?.instances.find((i) => i.instance === instance) ?? null;
  return (
    <section className={`card ${styles.backtest}`} aria-labelledby="backtest-title" data-testid="backtest">
      <div className={styles.sectionHead}>
        <div>
          <h2 id="backtest-title" className={styles.sectionTitle}>
            Backtest
          </h2>
          <p className={styles.note}>The rule as it stands in the form, replayed minute by minute over the stored rollups.</p>
        </div>
      </div>
      <div className={styles.backtestControls}>
        <label>
          Range{" "}
          <select value={range} onChange={(e) => setRange(e.target.value as "24h" | "7d")}>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
          </select>
        </label>
        <button type="button" className="btn" onClick={() => run(range)} aria-busy={pending || undefined}>
          {pending ? <span className="spinner" aria-hidden="true" /> : null}
          Run backtest
        </button>
        {result && result.instances.length > 1 ? (
          <label>
            Backend{" "}
            <select value={instance} onChange={(e) => setInstance(e.target.value)}>
              {result.instances.map((i) => (
                <option key={i.instance} value={i.instance}>
                  {i.instance} ({i.fired} fired)
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <FormAlert message={error} />
      {result ? (
        <>
          <p className={styles.summary} role="status" data-testid="backtest-summary">
            {result.summary}
          </p>
          {shown ? <BacktestChart instance={shown} from={result.from} to={result.to} /> : <p className={styles.note}>No traffic in scope over this range.</p>}
        </>
      ) : null}
    </section>
  );
}
