"use client";
// The backend form's fields and their reading, shared by "Add backend" and a backend's settings.
// Timeouts take ms or units ("3.5s"); tags are comma-separated. Input names are the API's field
// paths (timeouts.connectMs, ...) so the server's field messages land beside the right input.
import { CreateBackendInput, type BackendView } from "@/lib/backends/schemas";
import { TextField } from "@/components/forms/field";
import { validate, type FieldErrors } from "@/components/forms/validate";
import { durationInput, parseDuration, parseTags } from "@/components/backends/format";
import settings from "@/components/ui/settings.module.css";
import styles from "./backends.module.css";

const TIMEOUTS = [
  { key: "connectMs", label: "Connect", hint: "Varnish connect_timeout (default 3.5s), nginx proxy_connect_timeout, HAProxy timeout connect." },
  { key: "firstByteMs", label: "First byte", hint: "Varnish first_byte_timeout (default 60s), nginx proxy_read_timeout, HAProxy timeout server." },
  { key: "betweenBytesMs", label: "Between bytes", hint: "Varnish between_bytes_timeout (default 60s)." },
] as const;

export type BackendInput = {
  name: string;
  address: string | null;
  tags: string[];
  timeouts: { connectMs: number | null; firstByteMs: number | null; betweenBytesMs: number | null };
  slo: { target: number; windowDays: number } | null;
};

/** The SLO inputs: an empty target means no objective; the window defaults to 30 days. */
function readSlo(values: Record<string, string>, fields: FieldErrors): BackendInput["slo"] {
  const target = (values["slo.target"] ?? "").trim().replace(/%$/, "").trim();
  const days = (values["slo.windowDays"] ?? "").trim().replace(/d$/, "").trim();
  if (target === "") {
    if (days !== "") fields["slo.target"] = "Give a target, or leave the window empty too.";
    return null;
  }
  const slo = { target: Number(target), windowDays: days === "" ? 30 : Number(days) };
  if (!Number.isFinite(slo.target)) fields["slo.target"] = "Give a percentage such as 99.9.";
  if (!Number.isInteger(slo.windowDays)) fields["slo.windowDays"] = "Give a whole number of days such as 30.";
  return slo;
}

/** The form's values as API input, or a message per field. */
export function readBackendForm(values: Record<string, string>): { ok: true; data: BackendInput } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const timeouts: BackendInput["timeouts"] = { connectMs: null, firstByteMs: null, betweenBytesMs: null };
  for (const t of TIMEOUTS) {
    const parsed = parseDuration(values[`timeouts.${t.key}`] ?? "");
    if (parsed.ok) timeouts[t.key] = parsed.ms;
    else fields[`timeouts.${t.key}`] = parsed.message;
  }
  const slo = readSlo(values, fields);
  const data: BackendInput = { name: (values.name ?? "").trim(), address: values.address?.trim() || null, tags: parseTags(values.tags ?? ""), timeouts, slo };
  const checked = validate(CreateBackendInput, data);
  // A timeout that did not parse keeps its own message (the schema saw it as empty).
  if (!checked.ok) for (const [path, message] of Object.entries(tagFields(checked.fields))) fields[path] ??= message;
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, data };
}

/** "tags.3" (one tag) is shown under the tags input. */
export function tagFields(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const key = path.startsWith("tags.") ? "tags" : path;
    if (!(key in out)) out[key] = message;
  }
  return out;
}

export function BackendFields({ backend, fields }: { backend?: BackendView; fields: FieldErrors }) {
  return (
    <>
      <div className={settings.grid}>
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          spellCheck={false}
          required
          defaultValue={backend?.name}
          placeholder="e.g. app-1"
          hint="As your proxy's logs name it: the VCL backend, HAProxy backend/server, or nginx upstream."
          error={fields.name}
        />
        <TextField
          label="Address"
          name="address"
          autoComplete="off"
          spellCheck={false}
          optional
          defaultValue={backend?.address ?? ""}
          placeholder="e.g. 10.0.2.7:8080"
          hint="host:port the proxy connects to; new probes start from it."
          error={fields.address}
        />
        <TextField
          label="Tags"
          name="tags"
          autoComplete="off"
          optional
          className={settings.full}
          defaultValue={backend?.tags.join(", ") ?? ""}
          placeholder="e.g. php, eu-west"
          hint="Separated by commas."
          error={fields.tags}
        />
      </div>
      <fieldset className={styles.fieldset}>
        <legend>Proxy timeouts</legend>
        <p className={styles.fieldsetHint}>
          The proxy&rsquo;s own limits for this backend, in ms or with a unit (3.5s). Charts draw them beside latency. Leave empty when unknown.
        </p>
        <div className={styles.timeoutGrid}>
          {TIMEOUTS.map((t) => (
            <TextField
              key={t.key}
              label={t.label}
              name={`timeouts.${t.key}`}
              autoComplete="off"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={durationInput(backend?.timeouts[t.key])}
              placeholder="e.g. 3.5s"
              hint={t.hint}
              error={fields[`timeouts.${t.key}`]}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Service level objective</legend>
        <p className={styles.fieldsetHint}>
          The share of requests this backend promises to answer without a 5xx, over a rolling window. With a target set, alert suggestions offer a burn-rate rule for it. Leave empty for none.
        </p>
        <div className={styles.timeoutGrid}>
          <TextField
            label="Target (%)"
            name="slo.target"
            autoComplete="off"
            inputMode="decimal"
            optional
            defaultValue={backend?.slo ? String(backend.slo.target) : ""}
            placeholder="e.g. 99.9"
            error={fields["slo.target"]}
          />
          <TextField
            label="Window (days)"
            name="slo.windowDays"
            autoComplete="off"
            inputMode="numeric"
            optional
            defaultValue={backend?.slo ? String(backend.slo.windowDays) : ""}
            placeholder="30"
            error={fields["slo.windowDays"]}
          />
        </div>
      </fieldset>
    </>
  );
}
