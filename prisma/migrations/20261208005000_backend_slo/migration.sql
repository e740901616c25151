-- Issue #10: a backend's SLO (target percentage of requests without a 5xx, over a window of days),
-- which burn-rate rule suggestions and the rule form's defaults read. Both set or both null.
ALTER TABLE "backends" ADD COLUMN "slo_target_percent" DOUBLE PRECISION,
ADD COLUMN "slo_window_days" INTEGER;
