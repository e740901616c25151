"use client";
// The /samples page's body: links back to the charts, and the samples (their cause filter shows the
// counts by cause, so the overview's breakdown is not repeated here). Dimmed
// while the next view loads, like the overview.
import Link from "next/link";
import { useOverview } from "@/components/dashboard/overview-provider";
import { viewToSearch } from "@/components/dashboard/view-state";
import { SamplesSection, type LoadedSamples } from "@/components/samples/samples-section";
import dashboard from "@/components/dashboard/dashboard.module.css";
import styles from "./samples.module.css";

export function SamplesBody({ samples }: { samples: LoadedSamples }) {
  const { view, data, pending } = useOverview();
  const page = view.backend ? data.backends.find((b) => b.name === view.backend) : undefined;
  return (
    <div
      className={`${dashboard.body} ${pending ? dashboard.pending : ""}`}
      aria-busy={pending}
      data-testid="samples-page"
      data-view={viewToSearch(view)}
      data-from={data.range.fromMs}
      data-to={data.range.toMs}
    >
      <p className={styles.links}>
        <Link href={`/${viewToSearch(view)}`}>Open this range in the overview</Link>
        {page ? (
          <>
            {" · "}
            <Link href={`/backends/${encodeURIComponent(page.id)}${viewToSearch({ ...view, backend: null })}`}>Open {page.name}&apos;s page</Link>
          </>
        ) : null}
      </p>
      <SamplesSection initial={samples} />
    </div>
  );
}
