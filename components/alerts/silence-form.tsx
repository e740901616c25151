"use client";
// Open a silence: one-off (from now or a start, until an end, in the browser's local time) or a
// weekly maintenance window (days and hours in a time zone), with matchers and a comment.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues } from "@/components/forms/validate";
import settings from "@/components/ui/settings.module.css";
import styles from "./alerts.module.css";

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const list = (v: string | undefined) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
/** A datetime-local value (the reader's zone) as an ISO instant; text the server will name when unreadable. */
const instant = (v: string) => (Number.isNaN(new Date(v).getTime()) ? v : new Date(v).toISOString());

export function silenceInput(values: Record<string, string>, weekdays: number[]): Record<string, unknown> {
  const matchers: Record<string, string[]> = {};
  for (const key of ["rules", "backends", "sources", "severities"] as const) {
    const names = list(values[`matchers.${key}`]);
    if (names.length > 0) matchers[key] = names;
  }
  const common = { matchers, comment: values.comment ?? "" };
  if (values.kind === "weekly") {
    return { kind: "weekly", weekdays, from: values.from, to: values.to, timeZone: values.timeZone, ...common };
  }
  return { kind: "once", ...(values.startsAt ? { startsAt: instant(values.startsAt) } : {}), endsAt: values.endsAt ? instant(values.endsAt) : undefined, ...common };
}

export function SilenceForm() {
  const router = useRouter();
  const fb = useFormFeedback();
  const [kind, setKind] = useState<"once" | "weekly">("once");
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [timeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    fb.clear();
    fb.setPending(true);
    const res = await callApi("POST", "/api/v1/silences", silenceInput(formValues(form), weekdays));
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    form.reset();
    setWeekdays([]);
    router.refresh();
  }

  const toggle = (d: number) => setWeekdays((w) => (w.includes(d) ? w.filter((x) => x !== d) : [...w, d].sort()));
  return (
    <section className={`card ${settings.formCard}`} aria-labelledby="silence-form-title">
      <h2 id="silence-form-title" className={settings.formTitle}>
        Open a silence
      </h2>
      <p className={settings.formIntro}>Silences stop notifications only: transitions are still recorded, marked silenced. Empty matchers match everything.</p>
      <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <div className={settings.grid}>
          <SelectField
            label="Kind"
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as "once" | "weekly")}
            options={[
              { value: "once", label: "One-off window" },
              { value: "weekly", label: "Weekly maintenance window" },
            ]}
            error={fb.fields.kind}
          />
          <span />
          {kind === "once" ? (
            <>
              <TextField label="Starts" name="startsAt" type="datetime-local" optional hint="Empty: now." error={fb.fields.startsAt} />
              <TextField label="Ends" name="endsAt" type="datetime-local" required error={fb.fields.endsAt} />
            </>
          ) : (
            <>
              <fieldset className={`${styles.fieldset} ${settings.full}`}>
                <legend>Days</legend>
                <div className={styles.weekdays}>
                  {WEEKDAYS.map((d, i) => (
                    <label key={d}>
                      <input type="checkbox" checked={weekdays.includes(i + 1)} onChange={() => toggle(i + 1)} />
                      {d}
                    </label>
                  ))}
                </div>
                {fb.fields.weekdays ? <p className="field-error">{fb.fields.weekdays}</p> : null}
              </fieldset>
              <TextField label="From" name="from" type="time" required error={fb.fields.from} />
              <TextField label="To" name="to" type="time" required hint="Before From: runs past midnight." error={fb.fields.to} />
              <TextField label="Time zone" name="timeZone" defaultValue={timeZone} required error={fb.fields.timeZone} />
            </>
          )}
          <TextField label="Rules" name="matchers.rules" optional hint="Rule names or ids, separated by commas." error={fb.fields["matchers.rules"]} />
          <TextField label="Backends" name="matchers.backends" optional error={fb.fields["matchers.backends"]} />
          <TextField label="Sources" name="matchers.sources" optional error={fb.fields["matchers.sources"]} />
          <TextField label="Severities" name="matchers.severities" optional hint="info, warning, critical" error={fb.fields["matchers.severities"]} />
          <TextField label="Comment" name="comment" required className={settings.full} placeholder="e.g. deploy 4.2" error={fb.fields.comment} />
        </div>
        <div>
          <SubmitButton pending={fb.pending}>Open silence</SubmitButton>
        </div>
      </form>
    </section>
  );
}
