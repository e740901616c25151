-- Day rollups: the hour rows summed per UTC day, so ranges of months read ~24x fewer rows.
-- Written from then on with the minutes and hours, in the same statement batch
-- (lib/rollups/write.ts); filled here from the hour rows already stored.

-- CreateTable
CREATE TABLE "rollup_day" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "source_id" TEXT NOT NULL,
    "backend" TEXT NOT NULL DEFAULT '',
    "requests" BIGINT NOT NULL DEFAULT '0',
    "errors_5xx" BIGINT NOT NULL DEFAULT '0',
    "errors_503" BIGINT NOT NULL DEFAULT '0',
    "bytes" BIGINT NOT NULL DEFAULT '0',
    "status_counts" JSONB NOT NULL DEFAULT '{}',
    "cause_counts" JSONB NOT NULL DEFAULT '{}',
    "handling_counts" JSONB NOT NULL DEFAULT '{}',
    "latency_hist" JSONB NOT NULL DEFAULT '{}',
    "latency_count" BIGINT NOT NULL DEFAULT '0',
    "latency_sum_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_day_pkey" PRIMARY KEY ("bucket","source_id","backend")
);

-- CreateIndex
CREATE INDEX "rollup_day_backend_bucket_idx" ON "rollup_day"("backend", "bucket");

-- Backfill
INSERT INTO rollup_day (bucket, source_id, backend, requests, errors_5xx, errors_503, bytes, status_counts, cause_counts,
                        handling_counts, latency_hist, latency_count, latency_sum_ms)
SELECT to_timestamp(floor(date_part('epoch', bucket) / 86400) * 86400), source_id, backend, sum(requests), sum(errors_5xx),
       sum(errors_503), sum(bytes), ow_jsonb_sum_agg(status_counts), ow_jsonb_sum_agg(cause_counts),
       ow_jsonb_sum_agg(handling_counts), ow_jsonb_sum_agg(latency_hist), sum(latency_count), sum(latency_sum_ms)
FROM rollup_hour
GROUP BY 1, 2, 3;

-- CreateTrigger
-- A day row is filled until its day ends: a write counts as late 24 h 5 min behind (see
-- ow_rollup_revise in 20261122000000_rollup_revisions).
CREATE TRIGGER "rollup_day_revise_insert" AFTER INSERT ON "rollup_day" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('1445');
CREATE TRIGGER "rollup_day_revise_update" AFTER UPDATE ON "rollup_day" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('1445');
CREATE TRIGGER "rollup_day_revise_delete" AFTER DELETE ON "rollup_day" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('1445');
CREATE TRIGGER "rollup_day_revise_truncate" AFTER TRUNCATE ON "rollup_day" FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('1445');
