"use client";
// "Load demo data" on the empty overview: one POST, a busy state while the day is written (a few
// seconds), then a refresh so the server renders the charts (and the layout the demo banner).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { FormAlert } from "@/components/forms/form-alert";
import styles from "./demo.module.css";

export function LoadDemoButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const busy = pending || refreshing;

  async function load() {
    if (busy) return;
    setPending(true);
    setError(null);
    const res = await callApi("POST", "/api/v1/demo", {});
    setPending(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    startRefresh(() => router.refresh());
  }

  return (
    <div className={styles.loadBlock}>
      <button type="button" className="btn" onClick={load} aria-disabled={busy || undefined} aria-busy={busy || undefined}>
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {pending ? "Loading demo data…" : refreshing ? "Opening the dashboard…" : "Load demo data"}
      </button>
      <p className={styles.loadHint}>
        Not ready to connect a proxy? Load a day of made-up traffic with a few incidents to see what this page shows. It is marked as demo and
        removable in one click.
      </p>
      <FormAlert message={error} />
    </div>
  );
}
