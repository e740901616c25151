"use client";
// The overview's toolbar: time range (presets, custom from/to), the reader's time zone,
// auto-refresh, and the source / backend / cause filters. Every choice goes into the URL.
import { useId, useState } from "react";
import { useIsClient } from "@/components/dashboard/use-is-client";
import { useOverview } from "@/components/dashboard/overview-provider";
import { CAUSE_HINT, CAUSE_IDS, CAUSE_LABEL, backendLabel, causeTitle, isCauseId } from "@/components/charts/palette";
import { formatDateTime, timeZoneName } from "@/components/charts/format";
import { DEFAULT_RANGE, presetOf, type RangeKey } from "@/components/dashboard/view-state";
import { CustomRangeForm } from "@/components/ui/custom-range-form";
import { RangePresets } from "@/components/ui/range-presets";
import styles from "./dashboard.module.css";

export function OverviewControls() {
  const { view, data, sources, navigate, pending, refresh, pinnedBackend, outerClock } = useOverview();
  const isClient = useIsClient();
  const id = useId();
  const [customOpen, setCustomOpen] = useState(false);
  const custom = view.range === null;

  const backendNames = [...new Set([...data.backends.map((b) => b.name), ...Object.keys(data.summary.byBackend), ...(view.backend ? [view.backend] : [])])]
    .filter((n) => n !== "")
    .sort((a, b) => a.localeCompare(b));
  const sourceValue = sources.find((s) => s.id === view.source || s.name === view.source)?.id ?? "";
  // On a backend's page the backend is the page itself, not a filter to clear.
  const hasFilters = Boolean((view.backend && pinnedBackend === null) || view.cause || view.source);
  const clearFilters = () => navigate({ ...view, backend: pinnedBackend, cause: null, source: null });

  // A new range replaces a drilled-into sample window too: the samples follow the range again.
  const setRange = (key: RangeKey) => {
    setCustomOpen(false);
    // Leaving a custom range (which never refreshes) for a preset turns auto-refresh back on.
    navigate({ ...view, range: key, from: null, to: null, samples: null, refresh: view.range === null ? true : view.refresh });
  };

  return (
    <div className={styles.toolbar} data-testid="overview-controls">
      <div className={styles.toolbarRow}>
        <RangePresets value={view.range} onPreset={setRange} customOpen={customOpen} onToggleCustom={() => setCustomOpen((o) => !o)} customId="custom-range" />
        <p className={styles.rangeText} aria-live="polite">
          {isClient ? (
            <>
              <span data-testid="range-text">
                {custom ? "" : `${presetOf(view.range ?? DEFAULT_RANGE).title}: `}
                {formatDateTime(data.range.fromMs)} – {formatDateTime(data.range.toMs)}
              </span>
              <span className={styles.zone}>{timeZoneName()}</span>
            </>
          ) : (
            <span className={styles.zone}>&nbsp;</span>
          )}
        </p>
        <div className={styles.refresh}>
          {pending ? <span className="spinner" aria-label="Loading" role="status" /> : null}
          {/* A page with its own refresh clock (a backend's page) drives the charts with it: one mechanism, not two. */}
          {outerClock ? null : (
          <button
            type="button"
            className={`btn btn-sm ${styles.refreshButton}`}
            aria-pressed={view.refresh && !custom}
            disabled={custom}
            title={custom ? "A fixed range does not change: pick a preset to refresh automatically" : "Re-read the data every 30 seconds"}
            onClick={() => navigate({ ...view, refresh: !view.refresh })}
          >
            <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" className={refresh.busy ? styles.spinning : undefined}>
              <path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Auto-refresh 30 s
          </button>
          )}
        </div>
      </div>
      {customOpen ? (
        <CustomRangeForm
          key={`${data.range.fromMs}-${data.range.toMs}`}
          id="custom-range"
          range={data.range}
          hint="In your time zone. Tip: drag across any chart to zoom into that stretch."
          onClose={() => setCustomOpen(false)}
          onApply={(fromMs, toMs) => {
            setCustomOpen(false);
            navigate({ ...view, range: null, from: fromMs, to: toMs, refresh: false, samples: null });
          }}
        />
      ) : null}
      {refresh.error ? (
        <p className={`alert alert-warn ${styles.refreshError}`} role="status">
          Auto-refresh failed: {refresh.error} It will try again in 30 seconds.
        </p>
      ) : null}
      <div className={styles.toolbarRow}>
        <div className={styles.filter}>
          <label htmlFor={`${id}-source`}>Source</label>
          <select id={`${id}-source`} value={sourceValue} onChange={(e) => navigate({ ...view, source: e.target.value || null })}>
            <option value="">All sources</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.kind})
              </option>
            ))}
          </select>
        </div>
        {pinnedBackend !== null ? null : (
          <div className={styles.filter}>
            <label htmlFor={`${id}-backend`}>Backend</label>
            <select id={`${id}-backend`} value={view.backend ?? ""} onChange={(e) => navigate({ ...view, backend: e.target.value || null })}>
              <option value="">All backends</option>
              {backendNames.map((n) => (
                <option key={n} value={n}>
                  {backendLabel(n)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className={styles.filter}>
          <label htmlFor={`${id}-cause`}>Cause</label>
          <select
            id={`${id}-cause`}
            value={view.cause ?? ""}
            onChange={(e) => navigate({ ...view, cause: isCauseId(e.target.value) ? e.target.value : null })}
            title={view.cause ? causeTitle(view.cause) : undefined}
          >
            <option value="">All causes</option>
            {CAUSE_IDS.map((c) => (
              <option key={c} value={c} title={CAUSE_HINT[c]}>
                {CAUSE_LABEL[c]} ({c})
              </option>
            ))}
          </select>
        </div>
        {hasFilters ? (
          <button type="button" className="btn btn-sm" onClick={clearFilters}>
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
