// The numbers a database or cache probe read last time, beside its summary: what a responder
// compares with the backend's latency (lock waits and long queries first).
import type { ProbeView } from "@/lib/backends/probe-schemas";
import styles from "./backends.module.css";

const READINGS: Record<string, [key: string, label: string][]> = {
  postgres: [["lockWaits", "Lock waits"], ["longQueries", "Long queries"], ["longestQuerySeconds", "Longest query (s)"], ["connections", "Connections"], ["maxConnections", "max_connections"], ["replicationLagSeconds", "Standby lag (s)"]],
  mysql: [["lockWaits", "Lock waits"], ["longQueries", "Long queries"], ["threadsRunning", "Threads running"], ["connections", "Connections"], ["maxUsedConnections", "Max used"], ["maxConnections", "max_connections"]],
  redis: [["pingMs", "PING (ms)"], ["connectedClients", "Clients"], ["blockedClients", "Blocked"], ["memoryUsedPercent", "Memory (% of max)"], ["evictionsPerSecond", "Evictions/s"]],
  memcached: [["connections", "Connections"], ["maxConnections", "Limit"], ["evictionsPerSecond", "Evictions/s"], ["listen_disabled_num.delta", "Listen disabled"]],
};

export function ServiceReadings({ probe }: { probe: ProbeView }) {
  const rows = READINGS[probe.kind];
  const signals = probe.lastResult?.signals;
  if (!rows || !signals) return null;
  const shown = rows.filter(([key]) => typeof signals[key] === "number");
  if (shown.length === 0) return null;
  return (
    <dl className={styles.readings} data-testid="service-readings">
      {shown.map(([key, label]) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd>{String(signals[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
