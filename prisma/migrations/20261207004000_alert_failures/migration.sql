-- Alert instances count consecutive failed evaluations: `error` is entered after 3 (as Grafana),
-- and the count must survive a restart or a move to another worker.

-- AlterTable
ALTER TABLE "alert_instances" ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0;
