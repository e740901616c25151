"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { SignInInput } from "@/lib/auth/schemas";
import { TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues, validate } from "@/components/forms/validate";
import styles from "./auth-form.module.css";

interface Props {
  /** Already checked on the server: a path on this site. */
  callbackUrl: string;
  providers: Array<{ id: string; name: string }>;
  /** A message for next-auth's ?error= code, when the page was opened with one. */
  initialError: string | null;
}

export function SignInForm({ callbackUrl, providers, initialError }: Props) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [redirecting, setRedirecting] = useState<string | null>(null);
  const message = fb.message ?? (fb.pending ? null : initialError);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const checked = validate(SignInInput, formValues(form));
    if (!checked.ok) return fb.fail(form, checked.fields);
    fb.clear();
    fb.setPending(true);
    const result = await signIn("credentials", { ...checked.data, redirect: false });
    if (!result || result.error) {
      fb.setPending(false);
      // The server's own message ("Wrong email or password.", the rate-limit wait, …).
      const text = result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.";
      const passwordInput = form.elements.namedItem("password");
      if (passwordInput instanceof HTMLInputElement) passwordInput.value = "";
      return fb.fail(form, {}, text);
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  function withProvider(id: string) {
    setRedirecting(id);
    void signIn(id, { callbackUrl });
  }

  return (
    <>
      <form className={styles.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={message} />
        <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus error={fb.fields.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={fb.fields.password} />
        <SubmitButton pending={fb.pending}>Sign in</SubmitButton>
      </form>
      {providers.length > 0 ? (
        <>
          <p className={styles.divider}>or</p>
          <div className={styles.providers}>
            {providers.map((p) => (
              <button key={p.id} type="button" className="btn" onClick={() => withProvider(p.id)} aria-busy={redirecting === p.id || undefined}>
                {redirecting === p.id ? <span className="spinner" aria-hidden="true" /> : null}
                Continue with {p.name}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
