"use client";
// The events page's range (the overview's presets and custom from/to) and its type and backend
// filters. Every choice goes into the URL, so a copied link reopens the same list.
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { EVENT_TYPES } from "@/lib/events/schemas";
import { formatDateTime, timeZoneName } from "@/components/charts/format";
import { useIsClient } from "@/components/dashboard/use-is-client";
import { presetOf } from "@/components/dashboard/view-state";
import { EVENTS_DEFAULT_RANGE, eventsViewToSearch, type EventsView } from "@/components/events/events-view";
import { CustomRangeForm } from "@/components/ui/custom-range-form";
import { RangePresets } from "@/components/ui/range-presets";
import styles from "./events.module.css";

interface Props {
  view: EventsView;
  /** The absolute range the list covers (resolved on the server at request time). */
  range: { fromMs: number; toMs: number };
  backends: string[];
}

export function EventsToolbar({ view, range, backends }: Props) {
  const router = useRouter();
  const isClient = useIsClient();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [customOpen, setCustomOpen] = useState(false);
  const custom = view.range === null;
  const backendNames = view.backend && !backends.includes(view.backend) ? [...backends, view.backend] : backends;

  const navigate = (next: EventsView) => startTransition(() => router.push(`/events${eventsViewToSearch(next)}`, { scroll: false }));

  return (
    <div className={styles.toolbar} data-testid="events-controls">
      <div className={styles.toolbarRow}>
        <RangePresets
          value={view.range}
          onPreset={(key) => {
            setCustomOpen(false);
            navigate({ ...view, range: key, from: null, to: null });
          }}
          customOpen={customOpen}
          onToggleCustom={() => setCustomOpen((o) => !o)}
        />
        <p className={styles.rangeText} aria-live="polite">
          {isClient ? (
            <>
              <span data-testid="events-range-text">
                {custom ? "" : `${presetOf(view.range ?? EVENTS_DEFAULT_RANGE).title}: `}
                {formatDateTime(range.fromMs, true)} – {formatDateTime(range.toMs, true)}
              </span>
              <span className={styles.zone}>Times in {timeZoneName()}</span>
            </>
          ) : (
            <span className={styles.zone}>&nbsp;</span>
          )}
        </p>
        {pending ? <span className="spinner" aria-label="Loading" role="status" /> : null}
      </div>
      {customOpen ? (
        <CustomRangeForm
          key={`${range.fromMs}-${range.toMs}`}
          range={range}
          hint="In your time zone."
          onClose={() => setCustomOpen(false)}
          onApply={(fromMs, toMs) => {
            setCustomOpen(false);
            navigate({ ...view, range: null, from: fromMs, to: toMs });
          }}
        />
      ) : null}
      <div className={styles.toolbarRow}>
        <div className={styles.filter}>
          <label htmlFor={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            value={view.type ?? ""}
            onChange={(e) => navigate({ ...view, type: EVENT_TYPES.find((t) => t === e.target.value) ?? null })}
          >
            <option value="">All types</option>
            {EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.filter}>
          <label htmlFor={`${id}-backend`}>Backend</label>
          <select
            id={`${id}-backend`}
            value={view.backend ?? ""}
            onChange={(e) => navigate({ ...view, backend: e.target.value || null })}
            title={view.backend ? `Events for ${view.backend}, and those for every backend` : undefined}
          >
            <option value="">All backends</option>
            {backendNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {view.type || view.backend ? (
          <button type="button" className="btn btn-sm" onClick={() => navigate({ ...view, type: null, backend: null })}>
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
