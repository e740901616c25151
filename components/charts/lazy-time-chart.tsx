"use client";
// Recharts is most of the overview's JavaScript: load it after the page is up, in the browser
// only (chart times are drawn in the reader's time zone, which the server cannot know).
import dynamic from "next/dynamic";
import styles from "./charts.module.css";

export function ChartSkeleton({ height = 240 }: { height?: number }) {
  return (
    <div className={styles.skeleton} style={{ height }} aria-hidden="true">
      <div className={styles.skeletonBars} />
    </div>
  );
}

export const LazyTimeChart = dynamic(() => import("@/components/charts/time-chart"), {
  ssr: false,
  loading: () => <ChartSkeleton />,
});
