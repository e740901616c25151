import Link from "next/link";
import type { OpenIncidentStrip } from "@/lib/incidents/read";
import { RelativeTime } from "@/components/ui/relative-time";
import styles from "./incidents.module.css";

/** The overview's open incidents: backend, since when, peak 5xx rate, dominant cause, nearest event before. */
export function IncidentStrip({ incidents, now }: { incidents: OpenIncidentStrip[]; now: Date }) {
  if (incidents.length === 0) return null;
  return (
    <section aria-label="Open incidents" className={styles.strip} data-testid="open-incidents">
      {incidents.map((i) => (
        <Link key={i.id} href={`/incidents/${i.id}`} className={`card ${styles.stripItem}`}>
          <div className={styles.stripTitle}>
            {i.backend} <span className="badge badge-danger">{i.status}</span>
          </div>
          <div className={styles.stripFacts}>
            since <RelativeTime iso={i.firstBadAt} now={now} /> · peak {Math.round(i.peakErrorRate * 100)} % 5xx
            {i.dominantCause ? ` · mostly ${i.dominantCause}` : ""}
          </div>
          {i.nearestEvent ? (
            <div className={styles.stripFacts}>
              {i.nearestEvent.minutesBefore} min after {i.nearestEvent.type} {i.nearestEvent.title}
            </div>
          ) : null}
        </Link>
      ))}
    </section>
  );
}
