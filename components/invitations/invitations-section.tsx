"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { LocalTime } from "@/components/ui/local-time";
import { roleOptions } from "@/components/ui/role-options";
import { CopyButton } from "@/components/tokens/copy-button";
import type { Role } from "@/lib/auth/roles";
import type { InvitationView } from "@/lib/invitations/schemas";

/** Invite by email with a role; the single-use link is shown once to copy. Pending ones listed, revocable. */
export function InvitationsSection({ invitations, roles }: { invitations: InvitationView[]; roles: Role[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const open = invitations.filter((i) => i.status === "pending");

  async function invite(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await callApi<{ url: string; email: string; delivery: string }>("POST", "/api/v1/invitations", { email: f.get("email"), role: f.get("role") });
    setPending(false);
    if (!res.ok) {
      setError(res.error.message);
      setFields(res.error.fields);
      return;
    }
    setFields({});
    // Shown to copy unless an email channel delivered it (lib/invitations/deliver.ts).
    setLink(res.data.delivery === "emailed" ? null : { url: res.data.url, email: res.data.email });
    router.refresh();
  }

  async function revoke(id: string) {
    const res = await callApi("DELETE", `/api/v1/invitations/${encodeURIComponent(id)}`);
    if (!res.ok) setError(res.error.message);
    router.refresh();
  }

  return (
    <section className="card stack" aria-labelledby="invite-h" data-testid="invitations">
      <h2 id="invite-h">Invite someone</h2>
      <form onSubmit={invite} className="stack" noValidate>
        <TextField label="Email" name="email" type="email" error={fields.email} />
        <SelectField label="Role" name="role" options={roleOptions(roles)} defaultValue="viewer" />
        <FormAlert message={error} />
        <button type="submit" className="btn btn-primary" aria-busy={pending || undefined}>
          Create invitation
        </button>
      </form>
      {link ? (
        <div role="status">
          <p>
            Send this single-use link to {link.email} (it expires in 72 hours; shown once):
          </p>
          <code data-testid="invitation-url">{link.url}</code> <CopyButton text={link.url} small />
        </div>
      ) : null}
      {open.length > 0 ? (
        <table className="data">
          <caption>Pending invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((i) => (
              <tr key={i.id} data-testid="invitation-row">
                <td>{i.email}</td>
                <td>{i.role}</td>
                <td>
                  <LocalTime iso={i.expiresAt} />
                </td>
                <td>
                  <button type="button" className="btn btn-sm" onClick={() => void revoke(i.id)} aria-label={`Revoke the invitation of ${i.email}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
