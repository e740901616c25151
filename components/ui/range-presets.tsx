"use client";
// The time range presets (15m ... 30d) and the "Custom…" toggle, as the overview, the backend page
// and the events page show them.
import { RANGE_PRESETS, type RangeKey } from "@/components/dashboard/view-state";
import styles from "./segmented.module.css";

interface Props {
  /** The pressed preset; null while a custom range is shown. */
  value: RangeKey | null;
  onPreset: (key: RangeKey) => void;
  customOpen: boolean;
  onToggleCustom: () => void;
  /** Id of the custom range form, when it has one (aria-controls). */
  customId?: string;
}

export function RangePresets({ value, onPreset, customOpen, onToggleCustom, customId }: Props) {
  const custom = value === null;
  return (
    <div className={styles.segmented} role="group" aria-label="Time range">
      {RANGE_PRESETS.map((p) => (
        <button key={p.key} type="button" className={styles.segment} aria-pressed={value === p.key} title={p.title} onClick={() => onPreset(p.key)}>
          {p.label}
        </button>
      ))}
      <button type="button" className={styles.segment} aria-pressed={custom} aria-expanded={customOpen} aria-controls={customId} onClick={onToggleCustom}>
        {custom ? "Custom" : "Custom…"}
      </button>
    </div>
  );
}
