"use client";
// A small group of toggle buttons, one of them pressed: the charts' unit and status switches.
import styles from "@/components/ui/segmented.module.css";

interface Props {
  label: string;
  value: string;
  options: Array<{ value: string; label: string; title?: string }>;
  onChange: (value: string) => void;
}

export function Segmented({ label, value, options, onChange }: Props) {
  return (
    <div className={`${styles.segmented} ${styles.small}`} role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" className={styles.segment} aria-pressed={o.value === value} title={o.title} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
