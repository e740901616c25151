// How long each level is kept (RETENTION_* env vars). Charts pick the minute table only inside
// its retention.
import { retentionConfig } from "@/lib/config/env";

export interface RetentionPolicy {
  sampleDays: number;
  minuteDays: number;
  hourDays: number;
  /** Raw probe results (drill-down); absent: as long as samples (14 days by default). */
  probeResultDays?: number;
  /** Per-minute probe rollups (charts); absent: as long as minute rollups (30 days by default). */
  probeRollupDays?: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = retentionConfig();
