"use client";
// The worst bucket of each cause (or backend) on the 5xx chart as links to their samples: what a
// click on the chart does, reachable with the keyboard and read by screen readers.
import Link from "next/link";
import { useIsClient } from "@/components/dashboard/use-is-client";
import { formatBucket } from "@/components/charts/format";
import { worstBucketPerSeries } from "@/components/samples/drill";
import { useDrillDown } from "@/components/samples/use-drill-down";
import type { SeriesAnswer } from "@/lib/rollups/schemas";
import styles from "./samples.module.css";

const SHOWN = 5;

interface Props {
  answer: SeriesAnswer;
  /** The series drawn (a cause filter narrows them); null for all. */
  keys: ReadonlySet<string> | null;
  formatValue: (v: number) => string;
}

export function SpikeLinks({ answer, keys, formatValue }: Props) {
  const { hrefFor, open } = useDrillDown();
  const isClient = useIsClient();
  const spikes = worstBucketPerSeries(answer, keys, SHOWN);
  if (spikes.length === 0) return null;
  return (
    <div className={styles.spikes} data-testid="spike-links">
      <h3 className={styles.spikesTitle}>Samples of the worst bucket of each {answer.groupBy === "backend" ? "backend" : "cause"}</h3>
      <ul className={styles.spikeList}>
        {spikes.map((s) => (
          <li key={s.t}>
            <Link
              href={hrefFor({ fromMs: s.t, toMs: s.t + s.stepMs })}
              className={styles.spike}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
                e.preventDefault();
                open({ fromMs: s.t, toMs: s.t + s.stepMs });
              }}
            >
              {/* Times in the reader's zone: the server cannot know it, so it writes UTC until hydrated. */}
              <span>{isClient ? formatBucket(s.t, s.stepMs) : `${new Date(s.t).toISOString().slice(0, 16).replace("T", " ")} UTC`}</span>
              <span className={styles.spikeValue}>{formatValue(s.value)}</span>
              <code>{s.key}</code>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
