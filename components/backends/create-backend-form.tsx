"use client";
import { useEffect, useRef, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { BackendDetail } from "@/lib/backends/schemas";
import { callApi } from "@/components/forms/api";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues } from "@/components/forms/validate";
import { BackendFields, readBackendForm, tagFields } from "@/components/backends/backend-fields";
import settings from "@/components/ui/settings.module.css";
import styles from "./backends.module.css";

/** Add a backend by hand; on success its page opens, where probes are added. */
export function CreateBackendForm({ onCancel, autoFocus }: { onCancel?: () => void; autoFocus: boolean }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (autoFocus) formRef.current?.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
  }, [autoFocus]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const read = readBackendForm(formValues(form));
    if (!read.ok) return fb.fail(form, read.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi<BackendDetail>("POST", "/api/v1/backends", read.data);
    if (!res.ok) {
      fb.setPending(false);
      return fb.fail(form, tagFields(res.error.fields), res.error.message);
    }
    router.push(`/backends/${encodeURIComponent(res.data.id)}`);
  }

  return (
    <section id="add-backend" className={`card ${settings.formCard} ${styles.createCard}`} aria-labelledby="create-backend-title">
      <h2 id="create-backend-title" className={settings.formTitle}>
        Add a backend
      </h2>
      <p className={settings.formIntro}>
        For an origin your logs do not name yet, or one you want to probe. A backend already seen in the logs under the same name is taken over,
        not duplicated.
      </p>
      <form ref={formRef} className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <BackendFields fields={fb.fields} />
        <div className={styles.formActions}>
          <SubmitButton pending={fb.pending}>Add backend</SubmitButton>
          {onCancel ? (
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
