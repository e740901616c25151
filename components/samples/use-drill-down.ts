"use client";
// Opens the samples of a chart bucket: on a backend's page, its own samples section (same page,
// URL updated, scrolled to); elsewhere the backend's page or the /samples page (samplesHref).
import { useCallback } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useOverview } from "@/components/dashboard/overview-provider";
import type { TimeRange } from "@/components/dashboard/view-state";
import { SAMPLES_ANCHOR, samplesHref } from "@/components/samples/drill";

export function useDrillDown(): { hrefFor(window: TimeRange): string; open(window: TimeRange): void } {
  const { view, data, navigate, pinnedBackend } = useOverview();
  const router = useRouter();
  const pathname = usePathname();
  const pinnedPath = pinnedBackend === null ? null : pathname;
  const hrefFor = useCallback(
    (window: TimeRange) => samplesHref(view, window, { pinnedPath, backends: data.backends }),
    [view, pinnedPath, data.backends],
  );
  const open = useCallback(
    (window: TimeRange) => {
      if (pinnedPath === null) {
        router.push(hrefFor(window));
        return;
      }
      navigate({ ...view, samples: window }, { push: true });
      document.getElementById(SAMPLES_ANCHOR)?.scrollIntoView({ block: "start" });
    },
    [pinnedPath, router, hrefFor, navigate, view],
  );
  return { hrefFor, open };
}
