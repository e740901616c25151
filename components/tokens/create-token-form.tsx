"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { CreateTokenInput } from "@/lib/auth/schemas";
import type { PublicApiToken } from "@/lib/auth/api-tokens";
import type { Role } from "@/lib/auth/roles";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate } from "@/components/forms/validate";
import { ROLE_SUMMARY } from "@/components/ui/role-badge";
import { roleOptions } from "@/components/ui/role-options";
import styles from "@/components/ui/settings.module.css";

export function CreateTokenForm({ roles, onCreated }: { roles: Role[]; onCreated: (created: { name: string; token: string }) => void }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const defaultRole: Role = roles.includes("viewer") ? "viewer" : roles[0]!;
  const [role, setRole] = useState<Role>(defaultRole);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const values = formValues(form);
    const days = values.expiresInDays?.trim() ?? "";
    // An empty box means "never expires"; anything else must be a whole number for the schema.
    const daysInput = form.elements.namedItem("expiresInDays");
    const unreadable = daysInput instanceof HTMLInputElement && daysInput.validity.badInput;
    if (unreadable || (days && !/^\d+$/.test(days))) return fb.fail(form, { expiresInDays: "Enter a whole number of days, or leave it empty." });
    const checked = validate(CreateTokenInput, { name: values.name, role: values.role, expiresInDays: days ? Number(days) : undefined });
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi<PublicApiToken & { token: string }>("POST", "/api/v1/tokens", checked.data);
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    form.reset();
    setRole(defaultRole);
    onCreated({ name: res.data.name, token: res.data.token });
    router.refresh();
  }

  return (
    <section className={`card ${styles.formCard}`} aria-labelledby="create-token-title">
      <h2 id="create-token-title" className={styles.formTitle}>
        Create a token
      </h2>
      <p className={styles.formIntro}>
        Give each script its own token, with the lowest role that does the job, so it can be revoked on its own. The token follows you: if your
        role is lowered it acts with your new role, and it stops working if your account is disabled or removed.
      </p>
      <form className={styles.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <div className={styles.grid}>
          <TextField label="Name" name="name" autoComplete="off" required placeholder="e.g. deploy-markers" error={fb.fields.name} />
          <SelectField
            label="Role"
            name="role"
            options={roleOptions(roles)}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            hint={ROLE_SUMMARY[role]}
            error={fb.fields.role}
          />
          <TextField
            label="Expires after (days)"
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            optional
            hint="Leave empty for a token that does not expire."
            error={fb.fields.expiresInDays}
          />
        </div>
        <div>
          <SubmitButton pending={fb.pending}>Create token</SubmitButton>
        </div>
      </form>
    </section>
  );
}
