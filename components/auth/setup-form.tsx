"use client";
import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { SetupInput } from "@/lib/auth/schemas";
import { callApi } from "@/components/forms/api";
import { TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate, type FieldErrors } from "@/components/forms/validate";
import styles from "./auth-form.module.css";

export function SetupForm() {
  const router = useRouter();
  const fb = useFormFeedback();
  // Set when the server says setup was finished elsewhere (another tab or person) meanwhile.
  const [alreadySetUp, setAlreadySetUp] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const values = formValues(form);
    const checked = validate(SetupInput, { email: values.email, name: values.name || undefined, password: values.password });
    const fields: FieldErrors = checked.ok ? {} : { ...checked.fields };
    if (!values.confirmPassword) fields.confirmPassword = "Repeat the password.";
    else if (values.confirmPassword !== values.password) fields.confirmPassword = "The passwords don't match.";
    if (!checked.ok || Object.keys(fields).length > 0) return fb.fail(form, fields);

    fb.clear();
    fb.setPending(true);
    const created = await callApi<{ user: { email: string } }>("POST", "/api/v1/setup", checked.data);
    if (!created.ok) {
      fb.setPending(false);
      setAlreadySetUp(created.error.code === "conflict");
      return fb.fail(form, created.error.fields, created.error.message);
    }
    const signedIn = await signIn("credentials", { email: checked.data.email, password: checked.data.password, redirect: false });
    if (!signedIn || signedIn.error) {
      fb.setPending(false);
      // The account exists; only the automatic sign-in failed. Send them to sign in by hand.
      router.replace("/signin");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
      <FormAlert message={fb.message}>{alreadySetUp ? <Link href="/signin">Go to sign-in</Link> : null}</FormAlert>
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus error={fb.fields.email} />
      <TextField label="Name" name="name" autoComplete="name" optional error={fb.fields.name} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={fb.fields.password}
      />
      <TextField label="Confirm password" name="confirmPassword" type="password" autoComplete="new-password" required error={fb.fields.confirmPassword} />
      <SubmitButton pending={fb.pending}>Create owner account</SubmitButton>
    </form>
  );
}
