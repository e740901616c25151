// What events are for, shown before the first one is recorded, with the command that records them.
import { CiRecipe } from "@/components/events/ci-recipe";
import styles from "./events.module.css";

interface Props {
  /** Where this server is, as the browser reached it (for the ready-to-copy command). */
  origin: string;
  canWrite: boolean;
  canManageTokens: boolean;
}

export function EventsEmpty({ origin, canWrite, canManageTokens }: Props) {
  return (
    <section className={`card ${styles.empty}`} data-testid="events-empty" aria-labelledby="events-empty-title">
      <svg className={styles.emptyIcon} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <path d="M6 38h36" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.35" strokeLinecap="round" />
        <path d="M6 33h12l4-3 4 3h4l4-14 4 9h4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" opacity="0.6" />
        <path d="M28 38V8" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 3" />
        <rect x="23" y="4" width="10" height="9" rx="2" fill="currentColor" />
      </svg>
      <h2 id="events-empty-title" className={styles.emptyTitle}>
        No events yet
      </h2>
      <p className={styles.emptyText}>
        Events are the moments that change how your backends behave: deploys, cache purges, configuration changes, or a note of your own. Each
        one is drawn as a marker on every time chart, so when the 5xx rate jumps you can see at a glance that{" "}
        <em>it started right after the deploy</em>, or that it did not.
      </p>
      <p className={styles.emptyText}>
        {canWrite
          ? "Add one by hand with “Add event”, or let your deploy pipeline record each release as it goes out:"
          : "An editor, admin or owner can add them by hand; deploy pipelines record them with one request:"}
      </p>
      <CiRecipe origin={origin} canManageTokens={canManageTokens} />
    </section>
  );
}
