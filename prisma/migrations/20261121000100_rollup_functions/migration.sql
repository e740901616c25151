-- Rollup maps (status counts, cause counts, cache handling, sparse latency histograms) are jsonb
-- objects of numbers that merge by adding values key by key. ow_jsonb_sum merges two (used by
-- the ingest upserts); ow_jsonb_sum_agg merges a column (used by the chart queries).

-- CreateFunction
CREATE OR REPLACE FUNCTION ow_jsonb_sum(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, total), '{}'::jsonb)
  FROM (
    SELECT k, sum(v) AS total
    FROM (
      SELECT key AS k, value::numeric AS v FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
      UNION ALL
      SELECT key AS k, value::numeric AS v FROM jsonb_each_text(coalesce(b, '{}'::jsonb))
    ) pairs
    GROUP BY k
  ) sums
  WHERE total <> 0
$$;

-- CreateAggregate
CREATE AGGREGATE ow_jsonb_sum_agg(jsonb) (
  SFUNC = ow_jsonb_sum,
  STYPE = jsonb,
  INITCOND = '{}'
);
