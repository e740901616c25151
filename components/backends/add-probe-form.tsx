"use client";
import { useState, type FormEvent } from "react";
import type { ProbeView } from "@/lib/backends/probe-schemas";
import type { ProbeKindId } from "@/lib/probes/types";
import { callApi } from "@/components/forms/api";
import { SelectField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues } from "@/components/forms/validate";
import { PROBE_KIND_GUIDES, PROBE_KIND_OPTIONS, splitAddress } from "@/components/backends/probe-kinds";
import { PROBE_DEFAULT_INPUTS, foldFields, readProbeForm } from "@/components/backends/probe-input";
import settings from "@/components/ui/settings.module.css";
import styles from "./backends.module.css";

const METHODS = ["GET", "HEAD"].map((m) => ({ value: m, label: m }));

interface Props {
  backendId: string;
  address: string | null;
  onAdded: (probe: ProbeView) => Promise<void>;
  onCancel?: () => void;
}

/** Adds a probe with Varnish's defaults filled in (every 5s, timeout 2s, 3 of the last 8, initial 2). */
export function AddProbeForm({ backendId, address, onAdded, onCancel }: Props) {
  const fb = useFormFeedback();
  const [kind, setKind] = useState<ProbeKindId>("http");
  const [threshold, setThreshold] = useState(PROBE_DEFAULT_INPUTS.threshold);
  const [initial, setInitial] = useState(PROBE_DEFAULT_INPUTS.initial);
  // Like Varnish, initial follows threshold - 1 until it is set on purpose.
  const [initialTouched, setInitialTouched] = useState(false);
  const { host, port } = splitAddress(address);
  const guide = PROBE_KIND_GUIDES[kind];
  const base = address ? `http://${address}` : "http://10.0.0.5:8080";

  function changeThreshold(next: string) {
    setThreshold(next);
    const n = Number(next);
    if (!initialTouched && Number.isInteger(n) && n >= 1) setInitial(String(n - 1));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    const read = readProbeForm(kind, formValues(form));
    if (!read.ok) return fb.fail(form, read.fields);
    fb.clear();
    fb.setPending(true);
    const res = await callApi<ProbeView>("POST", `/api/v1/backends/${encodeURIComponent(backendId)}/probes`, read.data);
    if (!res.ok) {
      fb.setPending(false);
      return fb.fail(form, foldFields(res.error.fields), res.error.message);
    }
    await onAdded(res.data);
    fb.setPending(false);
  }

  return (
    <section className={`card ${styles.addProbe}`} aria-labelledby="add-probe-title" id="add-probe">
      <h3 id="add-probe-title" className={styles.panelTitle}>
        Add a probe
      </h3>
      <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <div className={settings.grid}>
          <SelectField
            label="Kind"
            name="kind"
            options={PROBE_KIND_OPTIONS}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ProbeKindId);
              fb.clear();
            }}
            hint={guide.hint}
            error={fb.fields.kind}
          />
          {kind === "tcp" ? (
            <div className={styles.hostPort}>
              <TextField label="Host" name="config.host" autoComplete="off" spellCheck={false} defaultValue={host} placeholder="10.0.0.5" error={fb.fields["config.host"]} />
              <TextField label="Port" name="config.port" autoComplete="off" inputMode="numeric" defaultValue={port} placeholder="8080" error={fb.fields["config.port"]} />
            </div>
          ) : (
            <TextField
              key={kind}
              label="URL"
              name="config.url"
              type="url"
              autoComplete="off"
              spellCheck={false}
              defaultValue={kind === "http" ? `${base}/` : ""}
              placeholder={guide.urlShape ?? `${base}${guide.path ?? "/health"}`}
              hint={kind === "http" ? "http:// or https://. The proxy's own health URL is a good choice." : guide.urlShape ? "The password is stored write-only." : `Usually ${guide.path} on the server that runs it.`}
              error={fb.fields["config.url"]}
            />
          )}
          {kind === "http" ? (
            <>
              <SelectField label="Method" name="config.method" options={METHODS} defaultValue="GET" error={fb.fields["config.method"]} />
              <TextField
                label="Expected status"
                name="config.expectedStatus"
                autoComplete="off"
                defaultValue={PROBE_DEFAULT_INPUTS.expectedStatus}
                hint="One or more, comma-separated: 200, 200-299, 301."
                error={fb.fields["config.expectedStatus"]}
              />
              <TextField
                label="Body contains"
                name="config.bodyMatch"
                autoComplete="off"
                optional
                className={settings.full}
                placeholder="e.g. OK"
                hint="The check fails when the answer's body does not contain this text."
                error={fb.fields["config.bodyMatch"]}
              />
            </>
          ) : null}
        </div>
        <fieldset className={styles.fieldset}>
          <legend>Health rule</legend>
          <p className={styles.fieldsetHint}>
            Varnish&rsquo;s model: the backend is healthy while at least <em>threshold</em> of the last <em>window</em> checks succeeded; at start,{" "}
            <em>initial</em> of them count as good.
          </p>
          <div className={styles.paramGrid}>
            <TextField label="Every" name="intervalMs" autoComplete="off" defaultValue={PROBE_DEFAULT_INPUTS.intervalMs} hint="At least 1s." error={fb.fields.intervalMs} />
            <TextField label="Timeout" name="timeoutMs" autoComplete="off" defaultValue={PROBE_DEFAULT_INPUTS.timeoutMs} hint="At most the interval." error={fb.fields.timeoutMs} />
            <TextField label="Window" name="window" inputMode="numeric" autoComplete="off" defaultValue={PROBE_DEFAULT_INPUTS.window} hint="Results kept, 1-64." error={fb.fields.window} />
            <TextField
              label="Threshold"
              name="threshold"
              inputMode="numeric"
              autoComplete="off"
              value={threshold}
              onChange={(e) => changeThreshold(e.target.value)}
              hint="Good ones needed."
              error={fb.fields.threshold}
            />
            <TextField
              label="Initial"
              name="initial"
              inputMode="numeric"
              autoComplete="off"
              value={initial}
              onChange={(e) => {
                setInitialTouched(true);
                setInitial(e.target.value);
              }}
              hint="Threshold − 1 unless set."
              error={fb.fields.initial}
            />
          </div>
        </fieldset>
        <div className={styles.formActions}>
          <SubmitButton pending={fb.pending}>Add probe</SubmitButton>
          {onCancel ? (
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
