"use client";
// One checklist's steps as a form: add, remove, reorder, title, detail, commands per stack (one per
// line). A step's self-check (ticks itself from the data) is kept as it is: it is not edited here.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/forms/api";
import { STACKS, type ChecklistTemplateView } from "@/lib/incidents/checklists/template-schema";
import styles from "./checklists.module.css";

type Step = ChecklistTemplateView["steps"][number];
type Stack = (typeof STACKS)[number];

const newId = (steps: Step[]) => {
  for (let n = steps.length + 1; ; n++) if (!steps.some((s) => s.id === `step-${n}`)) return `step-${n}`;
};

function withCommands(step: Step, stack: Stack, text: string): Step {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const commands = { ...step.commands, [stack]: lines };
  if (lines.length === 0) delete commands[stack];
  return { ...step, commands };
}

export function ChecklistEditor({ template, canWrite }: { template: ChecklistTemplateView; canWrite: boolean }) {
  const router = useRouter();
  const [title, setTitle] = useState(template.title);
  const [steps, setSteps] = useState<Step[]>(template.steps);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const change = (i: number, next: Step) => setSteps(steps.map((s, j) => (j === i ? next : s)));
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= steps.length) return;
    const next = [...steps];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setSteps(next);
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    const res = await callApi("PUT", `/api/v1/checklists/${encodeURIComponent(template.slug)}`, { title, steps });
    setSaving(false);
    if (!res.ok) {
      setFields(res.error.fields);
      return setError(res.error.message);
    }
    setFields({});
    router.refresh();
  };

  return (
    <form
      className={`card ${styles.editor}`}
      aria-label={`Edit ${template.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} readOnly={!canWrite} required maxLength={200} />
      </label>
      {fields.title ? <p className="field-error">{fields.title}</p> : null}
      <ol className={styles.steps}>
        {steps.map((s, i) => (
          <li key={s.id} className={styles.step} data-testid="checklist-step">
            <div className={styles.stepHead}>
              <input aria-label={`Step ${i + 1} title`} value={s.title} onChange={(e) => change(i, { ...s, title: e.target.value })} readOnly={!canWrite} required maxLength={200} />
              {canWrite ? (
                <span className={styles.stepButtons}>
                  <button type="button" className="btn btn-sm" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-sm" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-sm" aria-label={`Remove step ${i + 1}`} disabled={steps.length === 1} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </span>
              ) : null}
            </div>
            {fields[`steps.${i}.title`] ? <p className="field-error">{fields[`steps.${i}.title`]}</p> : null}
            <textarea aria-label={`Step ${i + 1} detail`} value={s.detail} onChange={(e) => change(i, { ...s, detail: e.target.value })} readOnly={!canWrite} rows={2} maxLength={5000} />
            {s.check ? <p className="muted">Ticks itself from the data ({s.check.kind}).</p> : null}
            <details>
              <summary>Commands per stack ({Object.values(s.commands ?? {}).flat().length})</summary>
              {STACKS.map((stack) => (
                <label key={stack} className={styles.commands}>
                  {stack}
                  <textarea
                    aria-label={`Step ${i + 1} ${stack} commands`}
                    defaultValue={(s.commands?.[stack] ?? []).join("\n")}
                    onBlur={(e) => change(i, withCommands(s, stack, e.target.value))}
                    readOnly={!canWrite}
                    rows={2}
                    placeholder="one command a line"
                  />
                </label>
              ))}
            </details>
          </li>
        ))}
      </ol>
      {canWrite ? (
        <div className={styles.buttons}>
          <button type="button" className="btn btn-sm" onClick={() => setSteps([...steps, { id: newId(steps), title: "", detail: "" }])}>
            Add a step
          </button>
          <button type="submit" className="btn btn-primary btn-sm" disabled={saving}>
            Save as a new version
          </button>
        </div>
      ) : (
        <p className="muted">Viewers read the checklists; editors change them.</p>
      )}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
