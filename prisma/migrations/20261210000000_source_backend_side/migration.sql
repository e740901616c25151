-- Issue #14 item 6: a Varnish source may declare that varnishncsa -b feeds it (backend requests
-- only), so a line whose FetchError field is empty is the origin's answer even when the format
-- logs neither %{Varnish:side}x nor a backend-only field.
ALTER TABLE "sources" ADD COLUMN "backend_side" BOOLEAN NOT NULL DEFAULT false;
