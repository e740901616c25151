"use client";
import { useState } from "react";
import { callApi } from "@/components/forms/api";
import { TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";

/** Sets a password (or, with GitHub/OIDC configured, none) and creates the invited account. */
export function AcceptInvitationForm({ token, email, oauth }: { token: string; email: string; oauth: string[] }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const password = String(f.get("password") ?? "");
    setPending(true);
    const res = await callApi("POST", "/api/v1/invitations/accept", { token, name: String(f.get("name") ?? "") || undefined, password: password || undefined });
    setPending(false);
    if (!res.ok) {
      setError(res.error.message);
      setFields(res.error.fields);
      return;
    }
    setDone(true);
  }

  if (done) {
    return (
      <p role="status" data-testid="invitation-accepted">
        Your account is ready. <a href={`/signin?email=${encodeURIComponent(email)}`}>Sign in</a>.
      </p>
    );
  }
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <TextField label="Email" name="email" value={email} readOnly />
      <TextField label="Name" name="name" optional autoComplete="name" />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        optional={oauth.length > 0}
        error={fields.password}
        hint={oauth.length > 0 ? `At least 10 characters. Or leave it empty and sign in with ${oauth.join(" or ")} under this email.` : "At least 10 characters."}
      />
      <FormAlert message={error} />
      <button type="submit" className="btn btn-primary" aria-busy={pending || undefined}>
        Create my account
      </button>
    </form>
  );
}
