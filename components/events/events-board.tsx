"use client";
// The events of the range, newest first, and (for editors) adding, editing and deleting them.
// The list is server-rendered; after each change the page is re-read, so it shows what is stored.
import { useCallback, useState, type ReactNode } from "react";
import Link from "next/link";
import type { EventEntry } from "@/lib/events/event-log";
import { EVENT_COLOR, EVENT_GLYPH } from "@/components/charts/palette";
import { FormAlert } from "@/components/forms/form-alert";
import { useDeleteAction } from "@/components/forms/use-delete-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { EventFormDialog, eventPath } from "@/components/events/event-dialogs";
import type { EventChoices } from "@/components/events/event-fields";
import { overviewAroundHref } from "@/components/events/events-view";
import settings from "@/components/ui/settings.module.css";
import styles from "./events.module.css";

interface Props {
  events: EventEntry[];
  truncated: boolean;
  limit: number;
  canWrite: boolean;
  choices: EventChoices;
  /** The request's clock, for the overview links (the same on the server and in the browser). */
  nowMs: number;
  /** Shown instead of the table when the range has no events. */
  empty: ReactNode;
}

type Editing = { event: EventEntry | null } | null;

export function EventsBoard({ events, truncated, limit, canWrite, choices, nowMs, empty }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<EventEntry | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const del = useDeleteAction(deleting ? eventPath(deleting.id) : "", null, () => setStatus(deleting ? `Deleted “${deleting.title}”.` : null));
  const closeForm = useCallback(() => setEditing(null), []);

  return (
    <section aria-labelledby="events-list-title">
      <div className={styles.head}>
        <h2 id="events-list-title" className="sr-only">
          Events
        </h2>
        {events.length > 0 ? (
          <p className={styles.count}>{`${events.length}${truncated ? "+" : ""} ${events.length === 1 ? "event" : "events"}, newest first`}</p>
        ) : null}
        {canWrite ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setStatus(null);
              setEditing({ event: null });
            }}
          >
            Add event
          </button>
        ) : null}
      </div>
      {status ? (
        <div className={styles.status}>
          <FormAlert tone="ok" message={status} />
        </div>
      ) : null}
      {events.length === 0 ? (
        empty
      ) : (
        <div className={`card ${settings.tableCard}`}>
          <div className="table-wrap">
            <table className="data" data-testid="events-table">
              <caption className="sr-only">Events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Title</th>
                  <th scope="col">Time</th>
                  <th scope="col">Backend</th>
                  <th scope="col">Source</th>
                  <th scope="col">Recorded by</th>
                  <th scope="col" className={settings.right}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <EventRow
                    key={e.id}
                    event={e}
                    canWrite={canWrite}
                    nowMs={nowMs}
                    onEdit={() => {
                      setStatus(null);
                      setEditing({ event: e });
                    }}
                    onDelete={() => {
                      setStatus(null);
                      setDeleting(e);
                      del.openDialog();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {truncated ? (
        <p className={`alert alert-warn ${styles.truncated}`} role="status">
          Only the newest {limit} events of this range are listed. Pick a shorter range or a filter to see older ones.
        </p>
      ) : null}
      {editing ? <EventFormDialog key={editing.event?.id ?? "new"} event={editing.event} choices={choices} onClose={closeForm} onSaved={setStatus} /> : null}
      <ConfirmDialog
        open={del.open}
        title={deleting ? `Delete “${deleting.title}”?` : "Delete event?"}
        confirmLabel="Delete event"
        pending={del.pending}
        error={del.error}
        onConfirm={() => void del.remove()}
        onClose={del.close}
      >
        <p className={styles.dialogText}>Its marker disappears from every chart. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

function EventRow({ event: e, canWrite, nowMs, onEdit, onDelete }: { event: EventEntry; canWrite: boolean; nowMs: number; onEdit: () => void; onDelete: () => void }) {
  const author = e.createdBy;
  return (
    <tr data-testid="event-row" data-event-id={e.id}>
      <td>
        <span className={styles.typeCell}>
          <span className={styles.glyph} style={{ background: EVENT_COLOR[e.type] ?? EVENT_COLOR.note }} aria-hidden="true">
            {EVENT_GLYPH[e.type] ?? "•"}
          </span>
          {e.type}
        </span>
      </td>
      <td>
        <span className={styles.title}>{e.title}</span>
        {e.demo ? (
          <span className={`badge ${styles.demoBadge}`} title="Sample data that came with the demo">
            Demo
          </span>
        ) : null}
      </td>
      <td className={settings.nowrap}>
        <LocalTime iso={e.at} zone />
      </td>
      <td>{e.backend ? <span className={styles.mono}>{e.backend}</span> : <span className="muted">every backend</span>}</td>
      <td>{e.sourceName ? <span className={styles.mono}>{e.sourceName}</span> : <span className="muted">—</span>}</td>
      <td>
        {author ? (
          <span title={author.kind === "user" && author.email ? author.email : undefined}>
            {author.label}
            {author.kind === "token" ? <span className={styles.sub}>API token</span> : null}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        <div className={`${settings.rowActions} ${styles.rowActions}`}>
          <Link href={overviewAroundHref(e.at, nowMs)} className="btn btn-sm" aria-label={`Show the charts around “${e.title}”`}>
            Charts
          </Link>
          {canWrite ? (
            <>
              <button type="button" className="btn btn-sm" onClick={onEdit} aria-label={`Edit “${e.title}”`}>
                Edit
              </button>
              <button type="button" className="btn btn-sm btn-danger" onClick={onDelete} aria-label={`Delete “${e.title}”`}>
                Delete
              </button>
            </>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
