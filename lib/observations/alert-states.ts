// The states an alert rule instance can be in. Here, not in lib/alerts, because incidents (opened by
// alert transitions) and /metrics (a gauge per state) read them while lib/alerts calls both.
export const ALERT_STATES = ["normal", "pending", "firing", "recovering", "nodata", "error"] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];
