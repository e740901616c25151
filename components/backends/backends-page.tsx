"use client";
import Link from "next/link";
import { useState } from "react";
import type { BackendView } from "@/lib/backends/schemas";
import { BackendsList } from "@/components/backends/backends-list";
import { CreateBackendForm } from "@/components/backends/create-backend-form";
import { PageHeader } from "@/components/ui/page-header";

interface Props {
  initial: BackendView[];
  readAt: number;
  canWrite: boolean;
}

/** The Backends page: header with the editor's actions, the add form when asked for, the live list. */
export function BackendsPage({ initial, readAt, canWrite }: Props) {
  // With no backend at all, the form is the obvious next step: open it from the start.
  const [adding, setAdding] = useState(canWrite && initial.length === 0);
  const [focusForm, setFocusForm] = useState(false);
  return (
    <>
      <PageHeader
        title="Backends"
        description="The origins behind your proxies and their health, as your probes see it. Sick ones come first."
        actions={
          canWrite ? (
            <>
              <Link href="/backends/import" className="btn">
                Import config
              </Link>
              <button
                type="button"
                className="btn btn-primary"
                aria-expanded={adding}
                aria-controls={adding ? "add-backend" : undefined}
                onClick={() => {
                  setFocusForm(!adding);
                  setAdding(!adding);
                }}
              >
                Add backend
              </button>
            </>
          ) : null
        }
      />
      {adding ? <CreateBackendForm autoFocus={focusForm} onCancel={() => setAdding(false)} /> : null}
      <BackendsList initial={initial} readAt={readAt} canWrite={canWrite} />
    </>
  );
}
