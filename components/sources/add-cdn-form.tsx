"use client";
// Settings → Sources → "Add a CDN": a CDN and a name are all it takes (the preset is the format);
// the token box that follows shows the steps on the CDN's side (cdn-steps.ts).
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { CreateSourceInput } from "@/lib/sources/schemas";
import { CDN_KINDS, type CdnKind } from "@/lib/ingest/types";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate } from "@/components/forms/validate";
import type { CreatedSource } from "@/components/sources/create-source-form";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import settings from "@/components/ui/settings.module.css";

const CDN_OPTIONS = CDN_KINDS.map((kind) => ({ value: kind, label: KIND_GUIDES[kind].label }));

export function AddCdnForm({ onCreated }: { onCreated: (created: CreatedSource) => void }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [kind, setKind] = useState<CdnKind>("cloudflare");

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    // Its own field name: the "Add a source" form on the same page has the `name` input.
    const checked = validate(CreateSourceInput, { name: formValues(form).cdnName ?? "", kind });
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi<CreatedSource>("POST", "/api/v1/sources", checked.data);
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    form.reset();
    onCreated(res.data);
    router.refresh();
  }

  return (
    <section className={`card ${settings.formCard}`} aria-labelledby="add-cdn-title" data-testid="add-cdn">
      <h2 id="add-cdn-title" className={settings.formTitle}>
        Add a CDN
      </h2>
      <p className={settings.formIntro}>
        When a CDN is the proxy in front of your origin: its own words for why a request failed (Cloudflare&rsquo;s 52x, CloudFront&rsquo;s
        result types, Akamai&rsquo;s error codes, …) become causes, and its cache status feeds the Cache chart. You get the token and the
        exact steps on the CDN&rsquo;s side.
      </p>
      <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <div className={settings.grid}>
          <SelectField
            label="CDN"
            name="cdn"
            options={CDN_OPTIONS}
            value={kind}
            onChange={(e) => setKind(e.target.value as CdnKind)}
            hint={KIND_GUIDES[kind].hint}
            error={fb.fields.kind}
          />
          <TextField label="Name" name="cdnName" autoComplete="off" required placeholder={`e.g. ${kind}-edge`} error={fb.fields.name} />
        </div>
        <div>
          <SubmitButton pending={fb.pending}>Add CDN source</SubmitButton>
        </div>
      </form>
    </section>
  );
}
