"use client";
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { LocalTime } from "@/components/ui/local-time";
import { RoleBadge } from "@/components/ui/role-badge";
import type { PublicApiToken } from "@/lib/auth/api-tokens";
import settings from "@/components/ui/settings.module.css";
import styles from "./tokens.module.css";

export type TokenRowData = PublicApiToken & { status: "active" | "expired" | "revoked" };

export function TokensTable({ tokens }: { tokens: TokenRowData[] }) {
  return (
    <div className={`card ${settings.tableCard}`}>
      {tokens.length === 0 ? (
        <p className={settings.empty}>No API tokens yet. Create one below when a script or tool needs to call the API.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col" className={settings.right}>
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <TokenRow key={t.id} token={t} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function TokenRow({ token }: { token: TokenRowData }) {
  const router = useRouter();
  const errorId = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    if (pending) return;
    const ok = window.confirm(`Revoke the token “${token.name}”? Anything still using it gets 401 Unauthorized from now on. This cannot be undone.`);
    if (!ok) return;
    setPending(true);
    setError(null);
    const res = await callApi("DELETE", `/api/v1/tokens/${encodeURIComponent(token.id)}`);
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  }

  return (
    <tr className={token.status === "active" ? undefined : settings.dimmed}>
      <td className={settings.strong}>{token.name}</td>
      <td>
        <span className={styles.prefix}>{token.prefix}…</span>
      </td>
      <td>
        <RoleBadge role={token.role} />
      </td>
      <td className={settings.nowrap}>
        <LocalTime iso={token.createdAt} />
      </td>
      <td className={settings.nowrap}>
        <LocalTime iso={token.expiresAt} fallback="Never" />
      </td>
      <td className={settings.nowrap}>
        <LocalTime iso={token.lastUsedAt} fallback="Never" />
      </td>
      <td>
        <div className={settings.rowActions}>
          {token.status === "revoked" ? (
            <span className="badge badge-danger" title={token.revokedAt ?? undefined}>
              Revoked
            </span>
          ) : (
            <>
              {token.status === "expired" ? <span className="badge">Expired</span> : <span className="badge badge-ok">Active</span>}
              <button
                type="button"
                className="btn btn-sm btn-danger"
                onClick={revoke}
                aria-busy={pending || undefined}
                aria-label={`Revoke ${token.name}`}
                aria-describedby={error ? errorId : undefined}
              >
                Revoke
              </button>
            </>
          )}
        </div>
        {error ? (
          <p id={errorId} className={`field-error ${settings.rowError}`} role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
