"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { UpdateUserInput } from "@/lib/auth/schemas";
import { callApi } from "@/components/forms/api";
import { TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate, type FieldErrors } from "@/components/forms/validate";
import styles from "./account-forms.module.css";

const userPath = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

export function NameForm({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [saved, setSaved] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    setSaved(false);
    const checked = validate(UpdateUserInput.pick({ name: true }), { name: formValues(form).name ?? "" });
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi("PATCH", userPath(userId), { name: checked.data.name ?? "" });
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    setSaved(true);
    router.refresh();
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate aria-label="Name">
      <FormAlert message={fb.message} />
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={name}
        optional
        hint="Shown to other people instead of your email."
        error={fb.fields.name}
      />
      <div className={styles.actions}>
        <SubmitButton pending={fb.pending} variant="default">
          Save name
        </SubmitButton>
        {saved ? (
          <span role="status" className={styles.saved}>
            Saved
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function PasswordForm({ userId }: { userId: string }) {
  const fb = useFormFeedback();
  const [changed, setChanged] = useState<"kept" | "ended" | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const values = formValues(form);
    setChanged(null);
    const checked = validate(UpdateUserInput.pick({ password: true }).required(), { password: values.password });
    const fields: FieldErrors = checked.ok ? {} : { ...checked.fields };
    if (!values.currentPassword) fields.currentPassword = "Enter your current password.";
    if (!values.confirmPassword) fields.confirmPassword = "Repeat the new password.";
    else if (values.confirmPassword !== values.password) fields.confirmPassword = "The passwords don't match.";
    if (!checked.ok || Object.keys(fields).length > 0) return fb.fail(form, fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi("PATCH", userPath(userId), { password: checked.data.password, currentPassword: values.currentPassword });
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    form.reset();
    // A browser signed in before sessions carried an id cannot be told apart from the others:
    // the change ended it too. Say so rather than promise it stays signed in.
    const me = await callApi("GET", "/api/v1/me");
    setChanged(me.ok ? "kept" : "ended");
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate aria-label="Change password">
      <FormAlert message={fb.message} />
      <FormAlert tone="ok" message={changed === "kept" ? "Password changed. Your other sessions were signed out; this one stays signed in." : null} />
      {changed === "ended" ? (
        <p className="alert alert-warn" role="status">
          Password changed, and every session was signed out, this one too. <a href="/signin?callbackUrl=%2Faccount">Sign in again</a> with the new password.
        </p>
      ) : null}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={fb.fields.currentPassword}
      />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={fb.fields.password}
      />
      <TextField label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required error={fb.fields.confirmPassword} />
      <div className={styles.actions}>
        <SubmitButton pending={fb.pending}>Change password</SubmitButton>
      </div>
    </form>
  );
}

/** "Sign out everywhere else": for a lost laptop or a shared screen. This browser stays signed in. */
export function OtherSessions() {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function confirm() {
    setPending(true);
    setError(null);
    const res = await callApi("DELETE", "/api/v1/me/sessions");
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    setOpen(false);
    setDone(true);
  }

  return (
    <div className={styles.form}>
      <p className={styles.text}>
        Signed in on another computer, a phone or a shared screen? End every other session of your account; this browser
        stays signed in. API tokens are not sessions: they are revoked under Settings → API tokens.
      </p>
      <FormAlert tone="ok" message={done ? "Every other session was signed out." : null} />
      <div className={styles.actions}>
        <button type="button" className="btn" onClick={() => { setDone(false); setError(null); setOpen(true); }}>
          Sign out everywhere else
        </button>
      </div>
      <ConfirmDialog
        open={open}
        title="Sign out everywhere else?"
        confirmLabel="Sign out other sessions"
        tone="primary"
        pending={pending}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      >
        <p className={styles.text}>Every other browser signed in as you is signed out at its next click. This one stays signed in.</p>
      </ConfirmDialog>
    </div>
  );
}
