"use client";
// The dry run, shown: every backend understood (address, timeouts, probe, and what applying would
// do) and every note, errors first, each with its line:column and a way to jump there.
import type { ImportAnswer, ImportPlanItem } from "@/lib/backends/import-schemas";
import type { ImportNote } from "@/lib/backends/import";
import { formatDuration } from "@/components/backends/format";
import type { ImportDetails } from "@/components/backends/import-details";
import settings from "@/components/ui/settings.module.css";
import styles from "./backends.module.css";

const LEVEL_RANK: Record<ImportNote["level"], number> = { error: 0, warning: 1, info: 2 };
const LEVEL_LABEL: Record<ImportNote["level"], string> = { error: "Error", warning: "Warning", info: "Info" };
const ACTION_LABEL: Record<ImportPlanItem["action"], string> = { create: "Create", update: "Update", unchanged: "Unchanged" };

export function sortNotes(notes: ImportNote[]): ImportNote[] {
  return [...notes].sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

export function where(note: Pick<ImportNote, "line" | "column">): string {
  if (note.line === 0) return "whole file";
  return note.column ? `line ${note.line}:${note.column}` : `line ${note.line}`;
}

export function countText(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryText(a: ImportAnswer, past: boolean): string {
  const b = a.summary.backends;
  const p = a.summary.probes;
  const verb = (future: string, done: string) => (past ? done : future);
  const parts = [
    `${countText(b.create, "backend")} ${verb("to create", "created")}`,
    `${b.update} ${verb("to update", "updated")}`,
    `${b.unchanged} unchanged`,
  ];
  const probes = [p.create ? `${p.create} ${verb("to create", "created")}` : "", p.update ? `${p.update} ${verb("to update", "updated")}` : "", p.skipped ? `${p.skipped} skipped` : ""].filter(Boolean);
  return `${parts.join(", ")}. Probes: ${probes.length > 0 ? probes.join(", ") : "none"}${p.unchanged ? ` (${p.unchanged} unchanged)` : ""}.`;
}

function Timeouts({ t }: { t: { connectMs?: number; firstByteMs?: number; betweenBytesMs?: number } | undefined }) {
  if (!t) return <span className="muted">—</span>;
  const show = (ms?: number) => (ms === undefined ? "—" : formatDuration(ms));
  return (
    <dl className={styles.miniFacts}>
      <dt>connect</dt>
      <dd>{show(t.connectMs)}</dd>
      <dt>first byte</dt>
      <dd>{show(t.firstByteMs)}</dd>
      <dt>between</dt>
      <dd>{show(t.betweenBytesMs)}</dd>
    </dl>
  );
}

function ProbeCell({ item, details }: { item: ImportPlanItem; details: ImportDetails }) {
  const probe = details.get(item.name)?.probe;
  if (item.probe.action === "none") return <span className="muted">No health check</span>;
  return (
    <div className={styles.probeCell}>
      <span className={`badge ${item.probe.action === "skipped" ? "badge-danger" : ""}`}>
        {item.probe.kind?.toUpperCase() ?? "probe"} · {item.probe.action}
      </span>
      {probe ? (
        <span className={styles.probeCellText}>
          {probe.kind === "http" ? <span className={styles.mono}>{`${probe.method ?? "GET"} ${probe.path ?? "/"}`}</span> : null}
          {probe.intervalMs !== undefined ? ` every ${formatDuration(probe.intervalMs)}` : ""}
          {probe.timeoutMs !== undefined ? `, timeout ${formatDuration(probe.timeoutMs)}` : ""}
          {probe.threshold !== undefined && probe.window !== undefined ? `; healthy while ≥ ${probe.threshold} of ${probe.window}` : ""}
          {probe.expectedStatus !== undefined ? `; expects ${probe.expectedStatus}` : ""}
        </span>
      ) : null}
      {item.probe.changes && item.probe.changes.length > 0 ? <span className={styles.changes}>changes: {item.probe.changes.join(", ")}</span> : null}
    </div>
  );
}

interface Props {
  answer: ImportAnswer;
  details: ImportDetails;
  onGoToLine: (line: number, column?: number) => void;
}

export function ImportPreview({ answer, details, onGoToLine }: Props) {
  const notes = sortNotes(answer.notes);
  const errors = notes.filter((n) => n.level === "error");
  return (
    <section className={styles.section} aria-labelledby="import-preview-title" data-testid="import-preview">
      <h2 id="import-preview-title" className={styles.sectionTitle} tabIndex={-1}>
        Preview
      </h2>
      <p className={styles.sectionIntro}>
        {answer.backends.length === 0 ? "No backend was understood." : `${countText(answer.backends.length, "backend")} understood: ${summaryText(answer, false)}`} Nothing has
        been saved yet.
      </p>
      {errors.length > 0 ? (
        <div role="alert" className={`alert alert-error ${styles.importErrors}`}>
          <p>
            <strong>{countText(errors.length, "error")}</strong>: fix {errors.length === 1 ? "it" : "them"} in the config and preview again. Nothing can be applied
            until then.
          </p>
        </div>
      ) : null}
      {answer.backends.length > 0 ? (
        <div className={`card ${settings.tableCard}`}>
          <div className="table-wrap">
            <table className={`data ${styles.importTable}`} data-testid="import-backends">
              <caption className="sr-only">Backends understood</caption>
              <thead>
                <tr>
                  <th scope="col">Backend</th>
                  <th scope="col">Address</th>
                  <th scope="col">Timeouts</th>
                  <th scope="col">Health check</th>
                  <th scope="col">Will</th>
                </tr>
              </thead>
              <tbody>
                {answer.backends.map((b) => (
                  <tr key={b.name} data-backend={b.name} data-action={b.action}>
                    <td>
                      <span className={styles.strongMono}>{b.name}</span>
                      <button type="button" className={styles.lineLink} onClick={() => onGoToLine(b.line)} aria-label={`${b.name}: go to line ${b.line}`}>
                        line {b.line}
                      </button>
                      {(details.get(b.name)?.tags.length ?? 0) > 0 ? (
                        <ul className={styles.tags} aria-label="Tags">
                          {details.get(b.name)!.tags.map((t) => (
                            <li key={t} className={styles.tag}>
                              {t}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                    <td className={styles.mono}>{b.address}</td>
                    <td>
                      <Timeouts t={details.get(b.name)?.timeouts} />
                    </td>
                    <td>
                      <ProbeCell item={b} details={details} />
                    </td>
                    <td>
                      <span className={`${styles.action} ${styles[`action_${b.action}`]}`}>{ACTION_LABEL[b.action]}</span>
                      {b.changes.length > 0 ? <span className={styles.changes}>{b.changes.join(", ")}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      {notes.length > 0 ? (
        <div className={styles.notesBlock}>
          <h3 className={styles.subTitle}>Notes ({notes.length})</h3>
          <ul className={styles.notes} data-testid="import-notes">
            {notes.map((n, i) => (
              <li key={i} className={styles.note} data-level={n.level}>
                <span className={`${styles.level} ${styles[`level_${n.level}`]}`}>{LEVEL_LABEL[n.level]}</span>
                {n.line > 0 ? (
                  <button type="button" className={styles.lineLink} onClick={() => onGoToLine(n.line, n.column)} aria-label={`Go to ${where(n)}`}>
                    {where(n)}
                  </button>
                ) : (
                  <span className={styles.lineWhole}>{where(n)}</span>
                )}
                <span className={styles.noteText}>{n.message}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
