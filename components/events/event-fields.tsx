"use client";
// The inputs of the add and edit dialogs. Rendered only while a dialog is open (in the browser),
// so "now" and the time zone are the reader's, never the server's.
import { useId, useState } from "react";
import { EVENT_TYPES } from "@/lib/events/schemas";
import { EVENT_COLOR, EVENT_GLYPH } from "@/components/charts/palette";
import { timeZoneName } from "@/components/charts/format";
import { SelectField, TextField } from "@/components/forms/field";
import type { FieldErrors } from "@/components/forms/validate";
import type { EventFormValues } from "@/components/events/event-input";
import styles from "./events.module.css";

export interface EventChoices {
  backends: string[];
  sources: Array<{ id: string; name: string }>;
}

const TYPE_HINT: Record<(typeof EVENT_TYPES)[number], string> = {
  deploy: "A release went out: code, containers, a new origin.",
  purge: "A cache was emptied: every request goes to the origins for a while.",
  config: "A proxy, load balancer or origin setting changed.",
  note: "Anything else worth a marker: a maintenance window, a traffic spike's cause.",
};

export function EventFields({ initial, fields, choices }: { initial: EventFormValues; fields: FieldErrors; choices: EventChoices }) {
  const [type, setType] = useState(initial.type);
  const hintId = useId();
  // A backend or source this event names that is gone from the lists stays choosable.
  const backends = [...new Set([...choices.backends, ...(initial.backend ? [initial.backend] : [])])].sort((a, b) => a.localeCompare(b));
  const sources = initial.source && !choices.sources.some((s) => s.id === initial.source) ? [...choices.sources, { id: initial.source, name: "(deleted source)" }] : choices.sources;
  const known = (EVENT_TYPES as readonly string[]).includes(type);

  return (
    <div className={styles.fields}>
      <fieldset className={styles.typeChoice} aria-describedby={hintId}>
        <legend>Type</legend>
        <div className={styles.typeOptions}>
          {EVENT_TYPES.map((t) => (
            <label key={t} className={styles.typeOption}>
              <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} />
              <span className={styles.glyph} style={{ background: EVENT_COLOR[t] }} aria-hidden="true">
                {EVENT_GLYPH[t]}
              </span>
              {t}
            </label>
          ))}
        </div>
        <p id={hintId} className="field-hint">
          {known ? TYPE_HINT[type as (typeof EVENT_TYPES)[number]] : null}
        </p>
        {fields.type ? <p className="field-error">{fields.type}</p> : null}
      </fieldset>
      <TextField
        label="Title"
        name="title"
        defaultValue={initial.title}
        maxLength={200}
        autoComplete="off"
        required
        placeholder="api v2.4.0"
        hint="What happened, as it should read on the charts."
        error={fields.title}
      />
      <TextField label="Time" name="at" type="datetime-local" defaultValue={initial.at} required hint={`In your time zone, ${timeZoneName()}.`} error={fields.at} />
      <div className={styles.twoCols}>
        <SelectField
          label="Backend"
          name="backend"
          optional
          defaultValue={initial.backend}
          options={[{ value: "", label: "Every backend" }, ...backends.map((b) => ({ value: b, label: b }))]}
          hint="One backend's event also marks its own charts; without one it marks every chart."
          error={fields.backend}
        />
        <SelectField
          label="Source"
          name="source"
          optional
          defaultValue={initial.source}
          options={[{ value: "", label: "None" }, ...sources.map((s) => ({ value: s.id, label: s.name }))]}
          hint="The proxy it concerns, e.g. the Varnish that was purged."
          error={fields.source}
        />
      </div>
    </div>
  );
}
