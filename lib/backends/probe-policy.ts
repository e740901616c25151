// What a probe may be saved as beyond its schema: every host it connects to passes the egress
// policy (an address literal is refused here, a name again at connect time once resolved), and an
// http probe sends GET or HEAD unless an admin set it up otherwise: a probe is a request the
// server makes on an editor's behalf, and only admins may make it change things elsewhere.
import { isDeepStrictEqual } from "node:util";
import { AppError, type FieldIssue } from "@/lib/errors/app-error";
import { can, type Actor } from "@/lib/auth/permissions";
import type { ProbeDefinition, StoredProbeDefinition } from "@/lib/backends/probe-input";
import { parseIp } from "@/lib/ip/cidr";
import type { EgressPolicy } from "@/lib/net/egress";
import { getProbeKind } from "@/lib/probes/kinds/registry";

export const SAFE_METHODS = ["GET", "HEAD"];

/**
 * A host as the resolver would read it: "2130706433" or "0x7f.1" in a tcp probe's host are
 * 127.0.0.1 to getaddrinfo, so they are checked as that address (URLs are normalised already).
 */
function canonicalHost(host: string): string {
  if (parseIp(host)) return host;
  try {
    const hostname = new URL(`http://${host}/`).hostname;
    return parseIp(hostname) ? hostname : host;
  } catch {
    return host;
  }
}

/** The egress refusals of a probe's targets, one per field ("config.url: ... which the egress policy denies"). */
export function egressIssues(def: Pick<ProbeDefinition, "kind" | "config">, egress: EgressPolicy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const target of getProbeKind(def.kind).targets(def.config)) {
    const denial = egress.checkHost(canonicalHost(target.host));
    if (denial) issues.push({ path: `config.${target.field}`, message: denial.reason });
  }
  return issues;
}

/** The method an http probe sends, when it is not GET or HEAD. */
export function unsafeMethod(def: Pick<ProbeDefinition, "kind" | "config">): string | undefined {
  const method = def.config.method;
  return def.kind === "http" && typeof method === "string" && !SAFE_METHODS.includes(method) ? method : undefined;
}

export function methodIssue(method: string): FieldIssue {
  return { path: "config.method", message: `only admins and owners can make an http probe send ${method}; editors can use GET or HEAD` };
}

/** Why `actor` may not save `def`, or nothing. `current` is the stored probe an update starts from. */
export function probeRefusal(actor: Actor, def: ProbeDefinition, egress: EgressPolicy, current?: StoredProbeDefinition): AppError | undefined {
  const denied = egressIssues(def, egress);
  if (denied.length > 0) return new AppError("unprocessable", denied.map((i) => `${i.path}: ${i.message}`).join("; "), { fields: denied });
  const method = unsafeMethod(def);
  // An editor may still pause or re-time an admin's POST probe, but not aim it anywhere new.
  const retargeted = !current || current.kind !== def.kind || !isDeepStrictEqual(current.config, def.config);
  if (method && retargeted && !can(actor, "probes.any_method")) {
    const issue = methodIssue(method);
    return new AppError("forbidden", `${issue.path}: ${issue.message}`, { fields: [issue] });
  }
  return undefined;
}

export function assertProbeAllowed(actor: Actor, def: ProbeDefinition, egress: EgressPolicy, current?: StoredProbeDefinition): void {
  const refusal = probeRefusal(actor, def, egress, current);
  if (refusal) throw refusal;
}
