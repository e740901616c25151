"use client";
// The events in the range (deploys, purges, config changes, notes), as a list under the 5xx
// chart: the markers on the charts, readable without a mouse.
import Link from "next/link";
import { useCharts } from "@/components/dashboard/overview-provider";
import { useIsClient } from "@/components/dashboard/use-is-client";
import { EVENT_COLOR, EVENT_GLYPH } from "@/components/charts/palette";
import { formatDateTime } from "@/components/charts/format";
import styles from "./dashboard.module.css";

const SHOWN = 8;

export function EventsList() {
  const { data } = useCharts();
  const isClient = useIsClient();
  if (data.events.length === 0) return null;
  const newest = [...data.events].reverse().slice(0, SHOWN);
  return (
    <div className={styles.events} data-testid="events-list">
      <h3 className={styles.eventsTitle}>Events</h3>
      <ul className={styles.eventsList}>
        {newest.map((e) => (
          <li key={e.id} className={styles.event}>
            <span className={styles.eventGlyph} style={{ background: EVENT_COLOR[e.type] ?? EVENT_COLOR.note }} aria-hidden="true">
              {EVENT_GLYPH[e.type] ?? "•"}
            </span>
            <span className={styles.eventType}>{e.type}</span>
            <span className={styles.eventTitle}>{e.title}</span>
            {e.backend ? <span className="badge">{e.backend}</span> : null}
            <time dateTime={e.at} className={styles.eventTime}>
              {isClient ? formatDateTime(Date.parse(e.at)) : e.at.slice(0, 16).replace("T", " ") + " UTC"}
            </time>
          </li>
        ))}
      </ul>
      <p className={styles.sectionNote}>
        {data.events.length > SHOWN ? `and ${data.events.length - SHOWN} earlier ones (marked on the charts). ` : null}
        <Link href="/events">All events</Link>, to add or edit them.
      </p>
    </div>
  );
}
