"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { UpdateSourceInput, type SourceView } from "@/lib/sources/schemas";
import { callApi } from "@/components/forms/api";
import { TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate } from "@/components/forms/validate";
import { FormatField } from "@/components/sources/format-field";
import { BackendSideField } from "@/components/sources/backend-side-field";
import settings from "@/components/ui/settings.module.css";
import styles from "./sources.module.css";

/** Name, format, default backend and (Varnish) the side; only what changed is sent, so the audit log names it. */
export function EditSourceForm({ source }: { source: SourceView }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [format, setFormat] = useState(source.format ?? "");
  const [status, setStatus] = useState<string | null>(null);

  function changeFormat(next: string) {
    setFormat(next);
    setStatus(null);
    if (fb.fields.format) {
      const { format: _cleared, ...rest } = fb.fields;
      fb.fail(null, rest, fb.message);
    }
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const values = formValues(form);
    setStatus(null);
    const next = {
      name: (values.name ?? "").trim(),
      format: format.trim() ? format : null,
      defaultBackend: values.defaultBackend?.trim() || null,
      backendSide: values.backendSide === "on",
    };
    const changed: Record<string, string | boolean | null> = {};
    if (next.name !== source.name) changed.name = next.name;
    if (next.format !== source.format) changed.format = next.format;
    if (next.defaultBackend !== source.defaultBackend) changed.defaultBackend = next.defaultBackend;
    if (source.kind === "varnish" && next.backendSide !== source.backendSide) changed.backendSide = next.backendSide;
    const checked = validate(UpdateSourceInput, changed);
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    if (Object.keys(checked.data).length === 0) return setStatus("Nothing changed.");
    fb.setPending(true);
    const res = await callApi<SourceView>("PATCH", `/api/v1/sources/${encodeURIComponent(source.id)}`, checked.data);
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    setStatus("Saved. Lines received from now on are read with these settings.");
    router.refresh();
  }

  return (
    <section className={`card ${styles.panel}`} aria-labelledby="edit-source-title">
      <h2 id="edit-source-title" className={styles.panelTitle}>
        Settings
      </h2>
      <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <TextField label="Name" name="name" autoComplete="off" required defaultValue={source.name} error={fb.fields.name} />
        <FormatField kind={source.kind} value={format} onChange={changeFormat} error={fb.fields.format} />
        <TextField
          label="Default backend"
          name="defaultBackend"
          autoComplete="off"
          optional
          defaultValue={source.defaultBackend ?? ""}
          hint="Used for lines that name no backend."
          error={fb.fields.defaultBackend}
        />
        {source.kind === "varnish" ? <BackendSideField defaultChecked={source.backendSide} error={fb.fields.backendSide} /> : null}
        <div className={styles.formActions}>
          <SubmitButton pending={fb.pending}>Save changes</SubmitButton>
          {status ? (
            <span role="status" className={styles.saved}>
              {status}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
