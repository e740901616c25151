-- Revisions of past rollup days, for the chart queries' cache of sealed buckets
-- (lib/rollups/bucket-cache.ts). Live ingest writes the last minutes and the current hour and
-- bumps nothing; a write into a bucket older than that (a backfill, a late error-log line), any
-- delete (retention, demo removal) and any truncate bump the revision of the days they touched,
-- and every web process drops what it cached for those days. Triggers, so that no writer can
-- forget: one statement-level trigger per event, with the changed rows as a transition table.

-- CreateTable
CREATE TABLE "rollup_revisions" (
    "day" INTEGER NOT NULL,
    "revision" BIGINT NOT NULL DEFAULT '0',

    CONSTRAINT "rollup_revisions_pkey" PRIMARY KEY ("day")
);

-- CreateFunction
-- day: whole days since 1970-01-01 UTC; -1 stands for "everything" (TRUNCATE). TG_ARGV[0]: how
-- many minutes behind now a bucket's start must be for a write to count as late: 5 for minute
-- rows, 65 for hour rows (an hour row is filled until its hour ends).
CREATE OR REPLACE FUNCTION ow_rollup_revise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO rollup_revisions AS r (day, revision) VALUES (-1, 1)
    ON CONFLICT (day) DO UPDATE SET revision = r.revision + 1;
    RETURN NULL;
  END IF;
  -- clock_timestamp(), not now(): now() is when the transaction began, and a long one (lock
  -- waits, a large batch) would judge its writes by a time the cache has since moved past.
  -- Days in order, so two transactions bumping overlapping days lock them in the same order.
  INSERT INTO rollup_revisions AS r (day, revision)
  SELECT d.day, 1 FROM (
    SELECT DISTINCT floor(date_part('epoch', c.bucket) / 86400)::int AS day FROM changed c
    WHERE TG_OP = 'DELETE' OR c.bucket < clock_timestamp() - make_interval(mins => TG_ARGV[0]::int)
  ) d ORDER BY d.day
  ON CONFLICT (day) DO UPDATE SET revision = r.revision + 1;
  RETURN NULL;
END
$$;

-- CreateTrigger
CREATE TRIGGER "rollup_minute_revise_insert" AFTER INSERT ON "rollup_minute" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('5');
CREATE TRIGGER "rollup_minute_revise_update" AFTER UPDATE ON "rollup_minute" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('5');
CREATE TRIGGER "rollup_minute_revise_delete" AFTER DELETE ON "rollup_minute" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('5');
CREATE TRIGGER "rollup_minute_revise_truncate" AFTER TRUNCATE ON "rollup_minute" FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('5');
CREATE TRIGGER "rollup_hour_revise_insert" AFTER INSERT ON "rollup_hour" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('65');
CREATE TRIGGER "rollup_hour_revise_update" AFTER UPDATE ON "rollup_hour" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('65');
CREATE TRIGGER "rollup_hour_revise_delete" AFTER DELETE ON "rollup_hour" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('65');
CREATE TRIGGER "rollup_hour_revise_truncate" AFTER TRUNCATE ON "rollup_hour" FOR EACH STATEMENT EXECUTE FUNCTION ow_rollup_revise('65');
