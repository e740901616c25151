-- Backend health probes: probes owned by a config import, the capacity digest on raw results,
-- and the per-minute probe rollup the charts read.

-- AlterTable
ALTER TABLE "probes" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "probe_results" ADD COLUMN "summary" TEXT;

-- CreateTable
CREATE TABLE "probe_rollup_minute" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "probe_id" TEXT NOT NULL,
    "backend_id" TEXT NOT NULL,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "error_classes" JSONB NOT NULL DEFAULT '{}',
    "latency_hist" JSONB NOT NULL DEFAULT '{}',
    "latency_sum_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "probe_rollup_minute_pkey" PRIMARY KEY ("bucket","probe_id")
);

-- CreateIndex
CREATE INDEX "probe_rollup_minute_probe_id_bucket_idx" ON "probe_rollup_minute"("probe_id", "bucket");

-- CreateIndex
CREATE INDEX "probe_rollup_minute_backend_id_bucket_idx" ON "probe_rollup_minute"("backend_id", "bucket");

-- AddForeignKey
ALTER TABLE "probe_rollup_minute" ADD CONSTRAINT "probe_rollup_minute_probe_id_fkey" FOREIGN KEY ("probe_id") REFERENCES "probes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

