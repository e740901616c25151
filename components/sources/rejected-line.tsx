"use client";
import { useId, useState } from "react";
import styles from "./sources.module.css";

const PREVIEW_CHARS = 160;

/** A rejected line in monospace: long ones cut to a preview, with a button to show all of it. */
export function RejectedLine({ line }: { line: string }) {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const long = line.length > PREVIEW_CHARS;
  if (!line) return <span className="muted">(empty line)</span>;
  return (
    <div className={styles.lineCell}>
      <code id={id} className={styles.line}>
        {long && !expanded ? `${line.slice(0, PREVIEW_CHARS)}…` : line}
      </code>
      {long ? (
        <button type="button" className={styles.linkButton} aria-expanded={expanded} aria-controls={id} onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show less" : `Show all ${line.length.toLocaleString("en")} characters`}
        </button>
      ) : null}
    </div>
  );
}
