"use client";
// Shown on every page while demo data is loaded, so nobody takes it for their own traffic; admins
// and owners can remove it from here, after a confirm.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import styles from "./demo.module.css";

export function DemoBanner({ canRemove }: { canRemove: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    setError(null);
    const res = await callApi("DELETE", "/api/v1/demo");
    setPending(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    setOpen(false);
    startRefresh(() => {
      router.push("/");
      router.refresh();
    });
  }

  return (
    <div className={`alert alert-warn ${styles.banner}`} role="status" data-testid="demo-banner" title="Its sources, backends, events and traffic are made up, to show what Origin Watch does.">
      <p className={styles.bannerText}>
        <strong>You are looking at demo data:</strong> made-up sources, backends, events and traffic.
      </p>
      {canRemove ? (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            setError(null);
            setOpen(true);
          }}
          aria-busy={refreshing || undefined}
        >
          {refreshing ? <span className="spinner" aria-hidden="true" /> : null}
          Remove demo data
        </button>
      ) : null}
      <ConfirmDialog
        open={open}
        title="Remove the demo data?"
        confirmLabel="Remove demo data"
        pending={pending}
        error={error}
        onConfirm={() => void remove()}
        onClose={() => setOpen(false)}
      >
        <p>
          This deletes the demo&apos;s sources, backends, probes, events and their traffic. Anything you created yourself stays, even if it
          names a demo backend.
        </p>
      </ConfirmDialog>
    </div>
  );
}
