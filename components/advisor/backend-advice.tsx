"use client";
// The advisor's findings for one backend, on its page: read once from GET /api/v1/advisor.
import { useEffect, useState } from "react";
import { callApi } from "@/components/forms/api";
import type { AdvisorAnswer } from "@/lib/advisor/load";
import { FindingsList } from "./findings-list";

export function BackendAdvice({ backendId }: { backendId: string }) {
  const [answer, setAnswer] = useState<AdvisorAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void callApi<AdvisorAnswer>("GET", `/api/v1/advisor?backendId=${encodeURIComponent(backendId)}`).then((r) => {
      if (!live) return;
      if (r.ok) setAnswer(r.data);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [backendId]);
  if (error) return <p className="muted">The advisor could not be read: {error}</p>;
  if (!answer) return <p className="muted">Reading the last 7 days…</p>;
  if (answer.backendsChecked === 0) return <p className="muted">The proxy&apos;s settings for this backend are not known: import the proxy&apos;s config to compare them with what the backend does.</p>;
  return <FindingsList findings={answer.findings} showBackend={false} periodDays={answer.periodDays} />;
}
