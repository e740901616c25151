"use client";
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { PublicUser } from "@/lib/auth/users";
import type { Role } from "@/lib/auth/roles";
import { callApi } from "@/components/forms/api";
import { LocalTime } from "@/components/ui/local-time";
import { RoleBadge, ROLE_LABEL } from "@/components/ui/role-badge";
import { roleOptions } from "@/components/ui/role-options";
import styles from "@/components/ui/settings.module.css";

interface Props {
  users: PublicUser[];
  /** Roles the signed-in actor may hand out; an owner row is read-only unless "owner" is among them. */
  assignableRoles: Role[];
  currentUserId: string;
}

export function UsersTable({ users, assignableRoles, currentUserId }: Props) {
  return (
    <div className={`card ${styles.tableCard}`}>
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col" className={styles.right}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} assignableRoles={assignableRoles} isSelf={u.id === currentUserId} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

function UserRow({ user, assignableRoles, isSelf }: { user: PublicUser; assignableRoles: Role[]; isSelf: boolean }) {
  const router = useRouter();
  const errorId = useId();
  const [draftRole, setDraftRole] = useState<Role | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Below owner, nobody may change an owner: show the row, offer nothing.
  const editable = user.role !== "owner" || assignableRoles.includes("owner");
  const role = draftRole ?? user.role;
  const label = user.name ? `${user.name} (${user.email})` : user.email;

  async function patch(body: { role?: Role; disabled?: boolean; password?: string }) {
    setPending(true);
    setError(null);
    const res = await callApi<{ user: PublicUser }>("PATCH", `/api/v1/users/${encodeURIComponent(user.id)}`, body);
    setPending(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    setDraftRole(null);
    router.refresh();
  }

  function saveRole() {
    if (!draftRole || pending) return;
    if (isSelf && RANK[draftRole] < RANK.admin) {
      const ok = window.confirm(`Change your own role to ${ROLE_LABEL[draftRole]}? You will no longer be able to manage users.`);
      if (!ok) return;
    }
    void patch({ role: draftRole });
  }

  function toggleDisabled() {
    if (pending) return;
    if (!user.disabled) {
      const ok = window.confirm(`Disable ${user.email}? They are signed out at once, their API tokens are revoked, and they cannot sign in until you enable the account again.`);
      if (!ok) return;
    }
    void patch({ disabled: !user.disabled });
  }

  // An admin sets a new password to hand over; the user's sessions end and they can change it on
  // their account page.
  function resetPassword() {
    if (pending) return;
    const password = window.prompt(`New password for ${user.email} (at least 10 characters). Their sessions end at once; tell them the new password yourself.`);
    if (password) void patch({ password });
  }

  return (
    <tr className={user.disabled ? styles.dimmed : undefined}>
      <td>
        <div className={styles.primaryCell}>
          <span className={styles.strong}>
            {user.name || user.email}
            {isSelf ? <span className={styles.sub}> (you)</span> : null}
          </span>
          {user.name ? <span className={styles.sub}>{user.email}</span> : null}
        </div>
      </td>
      <td>
        {editable ? (
          <select
            className={styles.inlineSelect}
            aria-label={`Role of ${label}`}
            value={role}
            disabled={pending}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              const next = e.target.value as Role;
              setDraftRole(next === user.role ? null : next);
              setError(null);
            }}
          >
            {roleOptions(assignableRoles.includes(user.role) ? assignableRoles : [...assignableRoles, user.role]).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <RoleBadge role={user.role} />
        )}
      </td>
      <td>{user.disabled ? <span className="badge badge-danger">Disabled</span> : <span className="badge badge-ok">Active</span>}</td>
      <td className={styles.nowrap}>
        <LocalTime iso={user.lastLoginAt} fallback="Never" />
      </td>
      <td>
        <div className={styles.rowActions}>
          {draftRole ? (
            <>
              <button type="button" className="btn btn-primary btn-sm" onClick={saveRole} aria-busy={pending || undefined}>
                Save role
              </button>
              <button type="button" className="btn btn-sm" onClick={() => setDraftRole(null)} disabled={pending}>
                Cancel
              </button>
            </>
          ) : editable && !isSelf ? (
            <>
            <button type="button" className="btn btn-sm" onClick={resetPassword} aria-busy={pending || undefined} aria-label={`Reset the password of ${label}`}>
              Reset password
            </button>
            <button
              type="button"
              className={user.disabled ? "btn btn-sm" : "btn btn-sm btn-danger"}
              onClick={toggleDisabled}
              aria-busy={pending || undefined}
              aria-label={`${user.disabled ? "Enable" : "Disable"} ${label}`}
            >
              {user.disabled ? "Enable" : "Disable"}
            </button>
            </>
          ) : !editable ? (
            <span className={styles.sub}>Only owners can change an owner</span>
          ) : null}
        </div>
        {error ? (
          <p id={errorId} className={`field-error ${styles.rowError}`} role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
