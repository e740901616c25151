"use client";
// Settings → Channels: the channels with their health (a warning after an hour of failures), test,
// enable/disable, secret rotation and delete; the create form with the kind's own fields; the
// policies that route incidents whose rules name no channel.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ChannelField } from "@/lib/notifications/channels/types";
import type { ChannelTestResult, ChannelView, PolicyView } from "@/lib/notifications/schemas";
import styles from "@/components/ui/settings.module.css";

export interface KindOption {
  id: string;
  label: string;
  fields: ChannelField[];
}

const when = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never");

function configFrom(form: HTMLFormElement, fields: ChannelField[]): Record<string, unknown> {
  const data = new FormData(form);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === "boolean") {
      out[f.key] = data.get(`config.${f.key}`) === "on";
      continue;
    }
    const raw = String(data.get(`config.${f.key}`) ?? "").trim();
    if (raw === "") continue;
    out[f.key] = f.type === "number" ? Number(raw) : f.type === "list" ? raw.split(",").map((s) => s.trim()).filter(Boolean) : raw;
  }
  return out;
}

function ChannelRow({ c }: { c: ChannelView }) {
  const router = useRouter();
  const [note, setNote] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const act = async (method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown) => {
    const res = await callApi<ChannelTestResult & ChannelView & { secret?: string }>(method, path, body);
    if (!res.ok) return setNote({ tone: "error", text: res.error.message });
    if (path.endsWith("/test")) setNote(res.data.ok ? { tone: "ok", text: `Delivered${res.data.status ? ` (HTTP ${res.data.status})` : ""} in ${res.data.durationMs} ms` } : { tone: "error", text: `Failed: ${res.data.error}` });
    else if (res.data?.secret) setNote({ tone: "ok", text: `New signing secret (shown once; the old one signs for 24 h more): ${res.data.secret}` });
    router.refresh();
  };
  return (
    <tr className={c.enabled ? undefined : styles.dimmed}>
      <td>
        <div className={styles.primaryCell}>
          <span className={styles.strong}>{c.name}</span>
          <span className={styles.sub}>{c.kind}</span>
          {c.warning ? <span role="alert" className="field-error">{c.warning}</span> : null}
          {!c.enabled ? <span className={styles.sub}>Disabled{c.disabledReason ? `: ${c.disabledReason}` : ""}</span> : null}
          {note ? <FormAlert tone={note.tone} message={note.text} /> : null}
        </div>
      </td>
      <td className={styles.nowrap}>{when(c.lastSuccessAt)}</td>
      <td>
        {when(c.lastFailureAt)}
        {c.lastError ? <div className={styles.sub}>{c.lastError}</div> : null}
      </td>
      <td>
        <div className={styles.rowActions}>
          <button type="button" className="btn btn-sm" onClick={() => act("POST", `/api/v1/channels/${c.id}/test`)}>Send test</button>
          <button type="button" className="btn btn-sm" onClick={() => act("PATCH", `/api/v1/channels/${c.id}`, { enabled: !c.enabled })}>{c.enabled ? "Disable" : "Enable"}</button>
          {c.kind === "webhook" ? (
            <button type="button" className="btn btn-sm" onClick={() => act("PATCH", `/api/v1/channels/${c.id}`, { rotateSecret: true })}>Rotate secret</button>
          ) : null}
          <button type="button" className="btn btn-sm btn-danger" onClick={() => window.confirm(`Delete the channel ${c.name} and its delivery log?`) && act("DELETE", `/api/v1/channels/${c.id}`)}>Delete</button>
        </div>
      </td>
    </tr>
  );
}

function CreateChannelForm({ kinds, onSecret }: { kinds: KindOption[]; onSecret: (s: { name: string; secret: string }) => void }) {
  const router = useRouter();
  const [kind, setKind] = useState(kinds[0]!.id);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const fields = kinds.find((k) => k.id === kind)?.fields ?? [];
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const form = e.currentTarget;
    setPending(true);
    const name = String(new FormData(form).get("name") ?? "").trim();
    const res = await callApi<ChannelView & { secret?: string }>("POST", "/api/v1/channels", { name, kind, config: configFrom(form, fields) });
    setPending(false);
    if (!res.ok) return setError({ message: res.error.message, fields: res.error.fields });
    setError(null);
    form.reset();
    if (res.data.secret) onSecret({ name: res.data.name, secret: res.data.secret });
    router.refresh();
  }
  return (
    <section className={`card ${styles.formCard}`} aria-labelledby="create-channel-title">
      <h2 id="create-channel-title" className={styles.formTitle}>Add a channel</h2>
      <p className={styles.formIntro}>Secrets (tokens, passwords, chat webhook URLs) are write-only: they are never shown again. Webhooks are signed per Standard Webhooks; the signing secret is shown once.</p>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        <FormAlert message={error?.message} />
        <div className={styles.grid}>
          <TextField label="Name" name="name" autoComplete="off" required error={error?.fields.name} />
          <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)} options={kinds.map((k) => ({ value: k.id, label: k.label }))} />
          {fields.map((f) =>
            f.type === "boolean" ? (
              <label key={`${kind}.${f.key}`} className="field">
                <span><input type="checkbox" name={`config.${f.key}`} /> {f.label}</span>
              </label>
            ) : (
              <TextField
                key={`${kind}.${f.key}`}
                label={f.label}
                name={`config.${f.key}`}
                type={f.type === "number" ? "number" : f.secret ? "password" : "text"}
                autoComplete="off"
                optional={f.optional}
                hint={f.help}
                error={error?.fields[`config.${f.key}`]}
              />
            ),
          )}
        </div>
        <div className={styles.formActions}>
          <SubmitButton pending={pending}>Add channel</SubmitButton>
        </div>
      </form>
    </section>
  );
}

function PoliciesCard({ policies, channels }: { policies: PolicyView[]; channels: ChannelView[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const list = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(", ") || "—";
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const minutes = String(data.get("escalateAfterMinutes") ?? "").trim();
    setPending(true);
    const res = await callApi("POST", "/api/v1/notification-policies", {
      name: String(data.get("name") ?? "").trim(),
      severities: data.getAll("severities").map(String),
      backends: String(data.get("backends") ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      channels: data.getAll("channels").map(String),
      escalateAfterMinutes: minutes ? Number(minutes) : null,
      escalateTo: data.getAll("escalateTo").map(String),
    });
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    form.reset();
    router.refresh();
  }
  return (
    <section className={`card ${styles.formCard}`} aria-labelledby="policies-title">
      <h2 id="policies-title" className={styles.formTitle}>Policies</h2>
      <p className={styles.formIntro}>For incidents whose rules name no channel: every enabled policy matching the severity and backend (empty matches all). Escalation sends to more channels when nobody acknowledges in time.</p>
      {policies.length === 0 ? <p className={styles.muted}>No policies yet.</p> : (
        <table className="data">
          <thead><tr><th>Name</th><th>Matches</th><th>Channels</th><th>Escalation</th><th /></tr></thead>
          <tbody>
            {policies.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.severities.join(", ") || "any severity"}; {p.backends.join(", ") || "any backend"}</td>
                <td>{list(p.channels)}</td>
                <td>{p.escalateAfterMinutes ? `after ${p.escalateAfterMinutes} min → ${list(p.escalateTo)}` : "—"}</td>
                <td><button type="button" className="btn btn-sm btn-danger" onClick={async () => { const r = await callApi("DELETE", `/api/v1/notification-policies/${p.id}`); if (!r.ok) setError(r.error.message); router.refresh(); }}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        <FormAlert message={error} />
        <div className={styles.grid}>
          <TextField label="Policy name" name="name" autoComplete="off" required />
          <TextField label="Backends (comma-separated)" name="backends" optional />
          <fieldset className="field"><legend>Severities</legend>{["critical", "warning", "info"].map((s) => <label key={s}><input type="checkbox" name="severities" value={s} /> {s} </label>)}</fieldset>
          <fieldset className="field"><legend>Channels</legend>{channels.map((c) => <label key={c.id}><input type="checkbox" name="channels" value={c.id} /> {c.name} </label>)}</fieldset>
          <TextField label="Escalate after (minutes)" name="escalateAfterMinutes" type="number" min={1} optional />
          <fieldset className="field"><legend>Escalate to</legend>{channels.map((c) => <label key={c.id}><input type="checkbox" name="escalateTo" value={c.id} /> {c.name} </label>)}</fieldset>
        </div>
        <div className={styles.formActions}><SubmitButton pending={pending}>Add policy</SubmitButton></div>
      </form>
    </section>
  );
}

export function ChannelsSection({ channels, policies, kinds }: { channels: ChannelView[]; policies: PolicyView[]; kinds: KindOption[] }) {
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  return (
    <>
      {secret ? (
        <section className="card" role="status" aria-label="New signing secret">
          <p>Signing secret of <strong>{secret.name}</strong>, shown this once: verify requests with it (Standard Webhooks).</p>
          <code data-testid="channel-secret">{secret.secret}</code>
          <p><button type="button" className="btn btn-sm" onClick={() => setSecret(null)}>I have stored it</button></p>
        </section>
      ) : null}
      <section className={`card ${styles.tableCard}`} aria-label="Channels">
        {channels.length === 0 ? (
          <p className={styles.empty}>No channels yet: incidents are recorded but nobody is told. Add one below.</p>
        ) : (
          <table className="data">
            <thead><tr><th>Channel</th><th>Last delivered</th><th>Last failure</th><th className={styles.right}>Actions</th></tr></thead>
            <tbody>{channels.map((c) => <ChannelRow key={c.id} c={c} />)}</tbody>
          </table>
        )}
      </section>
      <CreateChannelForm kinds={kinds} onSecret={setSecret} />
      <PoliciesCard policies={policies} channels={channels} />
    </>
  );
}
