// A backend as a share link shows it: health, the outcome of each probe (never its target or
// settings), then its traffic.
import type { SharedBackend } from "@/lib/shares/content";
import styles from "./shares.module.css";

const BADGE: Record<string, string> = { healthy: "badge-ok", sick: "badge-danger" };

export function SharedBackendFacts({ backend }: { backend: SharedBackend }) {
  return (
    <section className={`card ${styles.section}`} aria-label="Health" data-testid="shared-backend">
      <p className={styles.row}>
        <span className={`badge ${BADGE[backend.health] ?? ""}`}>{backend.health}</span>
        {backend.address ? <span data-testid="backend-address">{backend.address}</span> : null}
      </p>
      {backend.probes.length === 0 ? (
        <p className="muted">No probes check this backend.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Probe</th>
              <th>Health</th>
              <th>Last result</th>
            </tr>
          </thead>
          <tbody>
            {backend.probes.map((p, i) => (
              <tr key={i}>
                <td>{p.kind}</td>
                <td>
                  <span className={`badge ${BADGE[p.health] ?? ""}`}>{p.health}</span> <span className="muted">{p.healthHistory}</span>
                </td>
                <td>
                  {p.lastResult
                    ? `${p.lastResult.ok ? "ok" : `failed${p.lastResult.errorClass ? ` (${p.lastResult.errorClass})` : ""}`} · ${Math.round(p.lastResult.durationMs)} ms · ${p.lastResult.at.slice(0, 19).replace("T", " ")} UTC${p.lastResult.message ? ` · ${p.lastResult.message}` : ""}`
                    : "not run yet"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
