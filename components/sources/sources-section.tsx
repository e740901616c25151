"use client";
import { useState, type ReactNode } from "react";
import { AddCdnForm } from "@/components/sources/add-cdn-form";
import { CreateSourceForm, type CreatedSource } from "@/components/sources/create-source-form";
import { NewSourceToken } from "@/components/sources/new-source-token";

/**
 * The sources page's moving part: the create form and, after it succeeds, the token box. The token
 * lives only in this state. `children` is the server-rendered table.
 */
export function SourcesSection({ canWrite, children }: { canWrite: boolean; children: ReactNode }) {
  const [created, setCreated] = useState<CreatedSource | null>(null);
  return (
    <>
      {created ? <NewSourceToken source={created} token={created.token} onDone={() => setCreated(null)} /> : null}
      {children}
      {canWrite ? <CreateSourceForm onCreated={setCreated} /> : null}
      {canWrite ? <AddCdnForm onCreated={setCreated} /> : null}
    </>
  );
}
