"use client";
// Create or edit a rule: the common fields, the chosen kind's config fields, and the backtest of
// what is in the form right now (saved or not). The server checks the input; its field messages
// show beside the inputs (paths such as "config.above" are the inputs' names).
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { RuleView } from "@/lib/alerts/schemas";
import type { BackendSlos } from "@/lib/alerts/suggestion-data";
import { burnRateDefaults } from "@/lib/alerts/kinds/burn-rate";
import { RULE_KIND_IDS, type RuleKindId } from "@/lib/alerts/kinds/registry";
import { callApi } from "@/components/forms/api";
import { SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import {
  KIND_LABELS,
  configFromValues,
  configValues,
  initialConfigValues,
  scopeFromValues,
  scopeValues,
  visibleFields,
  type ScopeKind,
} from "@/components/alerts/rule-fields";
import { BacktestPanel } from "@/components/alerts/backtest-panel";
import settings from "@/components/ui/settings.module.css";
import styles from "./alerts.module.css";

const SCOPES: { value: ScopeKind; label: string }[] = [
  { value: "all", label: "Every backend (one instance each)" },
  { value: "backend", label: "One backend" },
  { value: "source", label: "The backends of one source" },
  { value: "tag", label: "The backends with a tag" },
];

function initialValues(rule: RuleView | null): Record<string, string> {
  if (!rule) {
    return { name: "", kind: "error_rate", "scope.kind": "all", "scope.value": "", for: "0s", keepFiringFor: "2m", severity: "warning", description: "", runbookUrl: "", ...initialConfigValues("error_rate") };
  }
  const scope = scopeValues(rule.scope);
  return {
    name: rule.name,
    kind: rule.kind,
    "scope.kind": scope.kind,
    "scope.value": scope.value,
    for: rule.for,
    keepFiringFor: rule.keepFiringFor,
    severity: rule.severity,
    description: rule.description ?? "",
    runbookUrl: rule.runbookUrl ?? "",
    ...configValues(rule.kind, rule.config),
  };
}

/**
 * A burn-rate rule on one backend with an SLO starts from that SLO: its target, its period and the
 * pairs scaled to it (lib/alerts/kinds/burn-rate.ts). Answers the form values and the unshown config.
 */
function sloDefaults(values: Record<string, string>, slos: BackendSlos): { values: Record<string, string>; extra: Record<string, unknown> } | null {
  const slo = values.kind === "burn_rate" && values["scope.kind"] === "backend" ? slos[(values["scope.value"] ?? "").trim()] : undefined;
  if (!slo) return null;
  const { pairs, ...shown } = burnRateDefaults(slo);
  return { values: { "config.slo": String(shown.slo), "config.period": `${slo.windowDays}d` }, extra: pairs ? { pairs } : {} };
}

export function RuleForm({
  rule,
  canWrite,
  backendSlos = {},
  channels = [],
}: {
  rule: RuleView | null;
  canWrite: boolean;
  backendSlos?: BackendSlos;
  channels?: { id: string; name: string; kind: string }[];
}) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [values, setValues] = useState(() => initialValues(rule));
  // Pairs from a backend's SLO (not shown in the form): sent with a new burn-rate rule.
  const [sloExtra, setSloExtra] = useState<Record<string, unknown>>({});
  const [picked, setPicked] = useState<string[]>(() => rule?.channels ?? []);
  const kind = values.kind as RuleKindId;
  /** A new rule takes a backend's SLO when the kind or scope makes it a burn-rate rule on that backend. */
  const withSlo = (next: Record<string, string>): Record<string, string> => {
    const d = rule ? null : sloDefaults(next, backendSlos);
    setSloExtra(d?.extra ?? {});
    return d ? { ...next, ...d.values } : next;
  };
  const set = (name: string, value: string) =>
    name === "scope.kind" || name === "scope.value" ? setValues(withSlo({ ...values, [name]: value })) : setValues((v) => ({ ...v, [name]: value }));
  const bind = (name: string) => ({ name, value: values[name] ?? "", onChange: (e: { target: { value: string } }) => set(name, e.target.value), error: fb.fields[name], disabled: !canWrite });

  /** The rule input the form holds now: what Save sends and what the backtest replays. */
  const input = () => ({
    name: values.name,
    kind,
    scope: scopeFromValues(values["scope.kind"] as ScopeKind, values["scope.value"] ?? ""),
    // Unshown config (burn-rate pairs) is kept from the stored rule when the kind stays the same.
    config: configFromValues(kind, values, rule && rule.kind === kind ? rule.config : kind === "burn_rate" ? sloExtra : {}),
    for: values.for,
    keepFiringFor: values.keepFiringFor,
    severity: values.severity,
    channels: picked,
    description: values.description.trim() || null,
    runbookUrl: values.runbookUrl.trim() || null,
  });

  function changeKind(next: RuleKindId) {
    setValues(withSlo({ ...Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith("config."))), kind: next, ...initialConfigValues(next) }));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending || !canWrite) return;
    const form = e.currentTarget;
    fb.clear();
    fb.setPending(true);
    const res = rule
      ? await callApi<RuleView>("PATCH", `/api/v1/rules/${encodeURIComponent(rule.id)}`, input())
      : await callApi<RuleView>("POST", "/api/v1/rules", input());
    fb.setPending(false);
    if (!res.ok) {
      // Scope issues name "scope" or "scope.backend": show them beside the scope value.
      const fields = Object.fromEntries(Object.entries(res.error.fields).map(([k, m]) => [k.startsWith("scope") ? "scope.value" : k, m]));
      return fb.fail(form, fields, res.error.message);
    }
    router.push(`/alerts/rules/${encodeURIComponent(res.data.id)}`);
    router.refresh();
  }

  return (
    <>
      <section className={`card ${settings.formCard}`} aria-labelledby="rule-form-title">
        <h2 id="rule-form-title" className={settings.formTitle}>
          {canWrite ? (rule ? "Edit the rule" : "New rule") : "The rule"}
        </h2>
        <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
          <FormAlert message={fb.message} />
          <fieldset className={styles.fieldset} disabled={!canWrite}>
            <div className={settings.grid}>
              <TextField label="Name" autoComplete="off" required className={settings.full} {...bind("name")} />
              <SelectField
                label="Kind"
                options={RULE_KIND_IDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
                {...bind("kind")}
                onChange={(e) => changeKind(e.target.value as RuleKindId)}
              />
              <SelectField label="Severity" options={["info", "warning", "critical"].map((s) => ({ value: s, label: s }))} {...bind("severity")} />
              <SelectField label="Scope" options={SCOPES} {...bind("scope.kind")} />
              {values["scope.kind"] !== "all" ? <TextField label={`${values["scope.kind"]} name`} autoComplete="off" {...bind("scope.value")} /> : <span />}
              {visibleFields(kind, values).map((f) =>
                f.type === "select" ? (
                  <SelectField key={f.key} label={f.label} hint={f.hint} options={(f.options ?? []).map((o) => ({ value: o, label: o || "any" }))} {...bind(`config.${f.key}`)} />
                ) : (
                  <TextField
                    key={f.key}
                    label={f.label}
                    hint={f.hint}
                    inputMode={f.type === "number" ? "decimal" : undefined}
                    autoComplete="off"
                    {...bind(`config.${f.key}`)}
                  />
                ),
              )}
              <TextField label="Pending for" hint='How long the condition must hold before it fires ("0s": at once).' {...bind("for")} />
              <TextField label="Keep firing for" hint="How long it keeps firing after the condition clears." {...bind("keepFiringFor")} />
              <TextAreaField label="Description" optional rows={2} className={settings.full} {...bind("description")} />
              <TextField label="Runbook URL" optional type="url" className={settings.full} {...bind("runbookUrl")} />
            </div>
            <fieldset className={styles.fieldset}>
              <legend>Notify</legend>
              {channels.length === 0 ? (
                <p className={styles.note}>No notification channels yet (an admin adds them under Settings → Channels). Without channels of its own a rule follows the notification policies.</p>
              ) : (
                channels.map((c) => (
                  <label key={c.id}>
                    <input
                      type="checkbox"
                      name="channels"
                      value={c.id}
                      checked={picked.includes(c.id)}
                      onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.id] : p.filter((x) => x !== c.id)))}
                    />{" "}
                    {c.name} ({c.kind}){" "}
                  </label>
                ))
              )}
              {fb.fields.channels ? <p className="field-error">{fb.fields.channels}</p> : null}
              <p className={styles.note}>Left empty, incidents of this rule go where the notification policies send them.</p>
            </fieldset>
          </fieldset>
          {canWrite ? (
            <div className={settings.formActions}>
              <SubmitButton pending={fb.pending}>{rule ? "Save rule" : "Create rule"}</SubmitButton>
            </div>
          ) : null}
        </form>
      </section>
      <BacktestPanel input={input} autoRun={rule !== null} />
    </>
  );
}
