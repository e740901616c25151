"use client";
// The state behind every "Delete …" confirm dialog: open, pending, the server's error, and a
// DELETE that leaves for `afterPath` on success, or (afterPath null, for a row in a list) closes
// the dialog and re-reads the page it is on.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";

export function useDeleteAction(apiPath: string, afterPath: string | null, onDeleted?: () => void) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    setError(null);
    const res = await callApi("DELETE", apiPath);
    if (!res.ok) {
      setPending(false);
      setError(res.error.message);
      return;
    }
    onDeleted?.();
    if (afterPath === null) {
      setPending(false);
      setOpen(false);
    } else {
      router.replace(afterPath);
    }
    router.refresh();
  }

  return {
    open,
    pending,
    error,
    remove,
    openDialog: () => {
      setError(null);
      setOpen(true);
    },
    close: () => setOpen(false),
  };
}
