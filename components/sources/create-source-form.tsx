"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { CreateSourceInput, type SourceView } from "@/lib/sources/schemas";
import type { ProxyKind } from "@/lib/ingest/types";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { BackendSideField } from "@/components/sources/backend-side-field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate } from "@/components/forms/validate";
import { FormatField } from "@/components/sources/format-field";
import { KIND_GUIDES, KIND_OPTIONS } from "@/components/sources/source-kinds";
import settings from "@/components/ui/settings.module.css";

export type CreatedSource = SourceView & { token: string };

export function CreateSourceForm({ onCreated }: { onCreated: (created: CreatedSource) => void }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [kind, setKind] = useState<ProxyKind>("nginx");
  const [format, setFormat] = useState("");

  function changeKind(next: ProxyKind) {
    // The previous proxy's suggestion would not compile for the next one: take it back.
    if (format.trim() === KIND_GUIDES[kind].recommended) setFormat("");
    setKind(next);
  }

  function changeFormat(next: string) {
    setFormat(next);
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
    const checked = validate(CreateSourceInput, {
      name: values.name ?? "",
      kind,
      format: format.trim() ? format : undefined,
      defaultBackend: values.defaultBackend?.trim() || undefined,
      backendSide: kind === "varnish" && values.backendSide === "on" ? true : undefined,
    });
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi<CreatedSource>("POST", "/api/v1/sources", checked.data);
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    form.reset();
    setKind("nginx");
    setFormat("");
    onCreated(res.data);
    router.refresh();
  }

  return (
    <section className={`card ${settings.formCard}`} aria-labelledby="create-source-title">
      <h2 id="create-source-title" className={settings.formTitle}>
        Add a source
      </h2>
      <p className={settings.formIntro}>
        One source per proxy log stream. You get an ingest token and the commands to start sending; the format decides what Origin Watch can
        tell about each 5xx.
      </p>
      <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <div className={settings.grid}>
          <TextField label="Name" name="name" autoComplete="off" required placeholder="e.g. edge-nginx" error={fb.fields.name} />
          <SelectField
            label="Proxy"
            name="kind"
            options={KIND_OPTIONS}
            value={kind}
            onChange={(e) => changeKind(e.target.value as ProxyKind)}
            hint={KIND_GUIDES[kind].hint}
            error={fb.fields.kind}
          />
          <div className={settings.full}>
            <FormatField kind={kind} value={format} onChange={changeFormat} error={fb.fields.format} />
          </div>
          <TextField
            label="Default backend"
            name="defaultBackend"
            autoComplete="off"
            optional
            placeholder="e.g. app-pool"
            hint="Used for lines that name no backend."
            error={fb.fields.defaultBackend}
          />
          {kind === "varnish" ? <BackendSideField error={fb.fields.backendSide} /> : null}
        </div>
        <div>
          <SubmitButton pending={fb.pending}>Add source</SubmitButton>
        </div>
      </form>
    </section>
  );
}
