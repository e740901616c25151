import { route } from "@/lib/http/handler";
import { shipperBundle } from "@/lib/shipper/bundle";
import { appRootConfig } from "@/lib/config/env";

export const dynamic = "force-dynamic";

// Public: the proxy host downloads it with curl before it has anything but an ingest token, and
// the code is the open CLI's own. Sending logs still needs the source's token.
export const GET = route({ permission: null }, async ({ req }) => {
  const bundle = await shipperBundle(appRootConfig());
  const headers = {
    "content-type": "text/javascript; charset=utf-8",
    "content-disposition": 'attachment; filename="originwatch-shipper.mjs"',
    "cache-control": "no-cache",
    etag: bundle.etag,
    "x-originwatch-version": bundle.version,
  };
  if (req.headers.get("if-none-match") === bundle.etag) return new Response(null, { status: 304, headers });
  return new Response(bundle.code, { status: 200, headers });
});
