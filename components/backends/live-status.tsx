"use client";
import { useState } from "react";
import { agoText } from "@/components/backends/format";
import styles from "./backends.module.css";

interface Props {
  readAt: number;
  now: number;
  everyMs: number;
  error: string | null;
  onRefresh: () => Promise<void>;
}

/** "Updated 4 s ago · refreshes every 10 s [Refresh now]", and why a refresh failed when it did. */
export function LiveStatus({ readAt, now, everyMs, error, onRefresh }: Props) {
  // Only a refresh asked for shows a spinner; the timer's own refreshes stay quiet.
  const [pending, setPending] = useState(false);
  async function refresh() {
    if (pending) return;
    setPending(true);
    await onRefresh();
    setPending(false);
  }
  return (
    <div className={styles.live} data-testid="live-status">
      <span className={styles.liveDot} data-state={error ? "stale" : "live"} aria-hidden="true" />
      <span>
        Updated <time dateTime={new Date(readAt).toISOString()}>{agoText(now - readAt)}</time>
        <span className="muted"> · refreshes every {Math.round(everyMs / 1000)} s</span>
      </span>
      <button type="button" className={`btn btn-sm ${styles.liveButton}`} onClick={() => void refresh()} aria-busy={pending || undefined}>
        {pending ? <span className="spinner" aria-hidden="true" /> : null}
        Refresh now
      </button>
      {error ? (
        <span role="alert" className={styles.liveError}>
          Could not refresh: {error}
        </span>
      ) : null}
    </div>
  );
}
