"use client";
// The four numbers an operator reads first: how much fails now, how much of it is 503, how much
// traffic there is, and how many backends are in trouble by their one status (traffic, alert
// rules and probes: lib/backends/status.ts).
import { useCharts } from "@/components/dashboard/overview-provider";
import { NOW_WINDOW_MS } from "@/components/dashboard/overview-queries";
import { errorCount, ratio } from "@/components/dashboard/summary-math";
import { formatCount, formatDuration, formatPercent, trimNumber } from "@/components/charts/format";
import { backendLabel } from "@/components/charts/palette";
import type { SummaryAnswer } from "@/lib/rollups/schemas";
import styles from "./dashboard.module.css";

type Tone = "ok" | "warn" | "danger" | undefined;

function rateTone(r: number | null): Tone {
  if (r === null) return undefined;
  if (r >= 0.05) return "danger";
  if (r >= 0.01) return "warn";
  return undefined;
}

interface StatProps {
  label: string;
  value: string;
  tone?: Tone;
  caption: string;
  detail?: string;
  testId: string;
}

function Stat({ label, value, tone, caption, detail, testId }: StatProps) {
  return (
    <div className={`card ${styles.stat}`} data-testid={testId}>
      <p className={styles.statLabel}>{label}</p>
      <p className={`${styles.statValue} ${tone ? styles[tone] : ""}`} data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className={styles.statCaption}>{caption}</p>
      {detail ? <p className={styles.statDetail}>{detail}</p> : null}
    </div>
  );
}

export function Headline() {
  const { view, data } = useCharts();
  const spanMs = data.range.toMs - data.range.fromMs;
  const rangeName = view.range === null ? "the range" : `the last ${formatDuration(spanMs)}`;
  // Relative ranges lead with the last five minutes ("now"); a fixed range describes itself.
  const main: SummaryAnswer = data.summaryNow ?? data.summary;
  const mainMinutes = data.summaryNow ? NOW_WINDOW_MS / 60_000 : spanMs / 60_000;
  const mainCaption = data.summaryNow ? "last 5 minutes" : "in the range";
  const over = (s: string) => (data.summaryNow ? `${rangeName}: ${s}` : undefined);

  const errLabel = view.cause ? `${view.cause} rate` : "5xx rate";
  const errNow = ratio(errorCount(main, view.cause), main.total);
  const errRange = ratio(errorCount(data.summary, view.cause), data.summary.total);
  const r503Now = ratio(main.byStatus["503"] ?? 0, main.total);
  const r503Range = ratio(data.summary.byStatus["503"] ?? 0, data.summary.total);
  const pct = (r: number | null) => (r === null ? "—" : formatPercent(r));

  const backends = view.backend ? data.backends.filter((b) => b.name === view.backend) : data.backends;
  const trouble = backends.filter((b) => b.status === "failing" || b.status === "sick");
  const stale = backends.filter((b) => b.status === "stale");
  const unknown = backends.filter((b) => b.status === "unknown");
  const unsure = [stale.length > 0 ? `${stale.length} stale` : "", unknown.length > 0 ? `${unknown.length} unknown` : ""].filter(Boolean).join(", ");
  const troubleDetail = [trouble.map((b) => `${backendLabel(b.name)} ${b.status}`).join(", "), unsure].filter(Boolean).join("; ");

  return (
    <div className={styles.stats}>
      <Stat
        testId="stat-error-rate"
        label={errLabel}
        value={pct(errNow)}
        tone={rateTone(errNow)}
        caption={main.total > 0 ? mainCaption : `no requests in the ${mainCaption}`}
        detail={over(pct(errRange))}
      />
      <Stat testId="stat-503-rate" label="503 rate" value={pct(r503Now)} tone={rateTone(r503Now)} caption={mainCaption} detail={over(pct(r503Range))} />
      <Stat
        testId="stat-rpm"
        label="Requests / min"
        value={trimNumber(main.total / mainMinutes)}
        caption={mainCaption}
        detail={data.summaryNow ? over(trimNumber(data.summary.total / (spanMs / 60_000))) : `${formatCount(data.summary.total)} requests`}
      />
      <Stat
        testId="stat-backends"
        label="Backends failing or sick"
        value={backends.length === 0 ? "—" : `${trouble.length} of ${backends.length}`}
        tone={trouble.length > 0 ? "danger" : stale.length > 0 ? "warn" : backends.length > unknown.length ? "ok" : undefined}
        caption={backends.length === 0 ? "no backend known yet" : `5xx (${backends[0]!.traffic.windowMinutes} min), rules, probes`}
        detail={troubleDetail || undefined}
      />
    </div>
  );
}
