// What the backend leans on (its database and cache probes), each with its state in words.
import type { BackendView } from "@/lib/backends/schemas";
import { PROBE_KIND_GUIDES } from "@/components/backends/probe-kinds";
import type { ProbeKindId } from "@/lib/probes/types";

const STATE_LABEL = { ok: "fine", trouble: "in trouble", down: "down", auth_failed: "refuses the probe's credentials", unknown: "not checked yet" } as const;

export function DependenciesList({ dependencies }: { dependencies: BackendView["dependencies"] }) {
  if (dependencies.length === 0) {
    return <p className="muted">No database or cache probe yet. Add a PostgreSQL, MySQL, Redis or memcached probe to see lock waits, long queries and cache pressure here.</p>;
  }
  return (
    <ul data-testid="dependencies">
      {dependencies.map((d) => (
        <li key={d.probeId} data-state={d.state}>
          <strong>{d.name}</strong> ({PROBE_KIND_GUIDES[d.kind as ProbeKindId]?.label ?? d.kind}):{" "}
          <span className={d.state === "ok" ? undefined : "badge badge-danger"}>{d.trouble ?? STATE_LABEL[d.state]}</span>
        </li>
      ))}
    </ul>
  );
}
