"use client";
// The 5xx chart's two toggles: every 5xx by cause or 503s by backend; share of requests or per minute.
import { Segmented } from "@/components/dashboard/segmented";
import type { ViewState } from "@/components/dashboard/view-state";

export function ErrorsToolbar({ view, navigate }: { view: ViewState; navigate: (next: ViewState) => void }) {
  return (
    <>
      <Segmented
        label="Statuses"
        value={view.only503 ? "503" : "5xx"}
        options={[
          { value: "5xx", label: "All 5xx", title: "Every 5xx, by cause" },
          { value: "503", label: "503 only", title: "503s alone, by backend" },
        ]}
        onChange={(v) => navigate({ ...view, only503: v === "503" })}
      />
      <Segmented
        label="Unit"
        value={view.errors}
        options={[
          { value: "rate", label: "% of requests" },
          { value: "count", label: "Per minute" },
        ]}
        onChange={(v) => navigate({ ...view, errors: v === "count" ? "count" : "rate" })}
      />
    </>
  );
}
