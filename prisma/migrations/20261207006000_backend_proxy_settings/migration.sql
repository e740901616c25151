-- Issue #16: the imported proxy's own health-check and timeout knobs (dialect, HAProxy fall/rise/inter,
-- nginx max_fails/fail_timeout, which X_read_timeout applies), so the advisor speaks its syntax.
ALTER TABLE "backends" ADD COLUMN "proxy_settings" JSONB;
