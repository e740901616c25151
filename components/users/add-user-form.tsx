"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { CreateUserInput } from "@/lib/auth/schemas";
import type { Role } from "@/lib/auth/roles";
import type { PublicUser } from "@/lib/auth/users";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate } from "@/components/forms/validate";
import { ROLE_LABEL, ROLE_SUMMARY } from "@/components/ui/role-badge";
import { roleOptions } from "@/components/ui/role-options";
import styles from "@/components/ui/settings.module.css";

export function AddUserForm({ roles }: { roles: Role[] }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [role, setRole] = useState<Role>(roles.includes("viewer") ? "viewer" : roles[0]!);
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const values = formValues(form);
    const checked = validate(CreateUserInput, { ...values, name: values.name || undefined });
    setAdded(null);
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi<{ user: PublicUser }>("POST", "/api/v1/users", checked.data);
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    form.reset();
    setRole(roles.includes("viewer") ? "viewer" : roles[0]!);
    setAdded(`Added ${res.data.user.email} as ${ROLE_LABEL[res.data.user.role]}. Give them the password privately; they can change it under Account.`);
    router.refresh();
  }

  return (
    <section className={`card ${styles.formCard}`} aria-labelledby="add-user-title">
      <h2 id="add-user-title" className={styles.formTitle}>
        Add a user
      </h2>
      <p className={styles.formIntro}>They sign in with this email and password. People who sign in with GitHub or SSO are matched by email.</p>
      <form className={styles.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <FormAlert tone="ok" message={added} />
        <div className={styles.grid}>
          <TextField label="Email" name="email" type="email" autoComplete="off" required error={fb.fields.email} />
          <TextField label="Name" name="name" autoComplete="off" optional error={fb.fields.name} />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters."
            error={fb.fields.password}
          />
          <SelectField
            label="Role"
            name="role"
            options={roleOptions(roles)}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            hint={ROLE_SUMMARY[role]}
            error={fb.fields.role}
          />
        </div>
        <div>
          <SubmitButton pending={fb.pending}>Add user</SubmitButton>
        </div>
      </form>
    </section>
  );
}
