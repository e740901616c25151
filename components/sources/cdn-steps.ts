// "Add a CDN": the exact steps on the CDN's side, filled in with this server's address and the new
// source's token. Pure, so tests read what users will paste; the README's CDN section says the same.
import type { CdnKind } from "@/lib/ingest/types";
import { AKAMAI_FIELDS, CLOUDFLARE_FIELDS, FASTLY_LOG_FORMAT } from "@/lib/ingest/formats/cdn/setup-text";

export interface CdnStep {
  title: string;
  /** What to paste or run, exactly. */
  text: string;
  note?: string;
}

/** Logpush HTTP destination: headers ride in `header_<Name>` query parameters (the token, URL-encoded). */
export function logpushDestination(origin: string, token: string): string {
  return `${origin}/api/v1/ingest?header_Authorization=${encodeURIComponent(`Bearer ${token}`)}`;
}

export function cdnSteps(origin: string, kind: CdnKind, token: string): CdnStep[] {
  const ingest = `${origin}/api/v1/ingest`;
  const bearer = `Bearer ${token}`;
  const https = origin.startsWith("https://");
  const tlsNote = https ? undefined : "This server's address is plain HTTP: a production server accepts the token in the URL only over HTTPS.";
  switch (kind) {
    case "cloudflare":
      return [
        { title: "Logpush → Create a job → HTTP destination: the endpoint", text: logpushDestination(origin, token), note: tlsNote },
        {
          title: "Dataset http_requests; send these fields (timestamps: any format, unixnano is the default)",
          text: CLOUDFLARE_FIELDS.join(","),
        },
        {
          title: "Or with the API",
          text: [
            `curl -X POST "https://api.cloudflare.com/client/v4/zones/$ZONE_ID/logpush/jobs" -H "Authorization: Bearer $CF_API_TOKEN" \\`,
            `  -H 'Content-Type: application/json' --data '${JSON.stringify({
              name: "origin-watch",
              dataset: "http_requests",
              destination_conf: logpushDestination(origin, token),
              output_options: { field_names: CLOUDFLARE_FIELDS, timestamp_format: "unixnano" },
              enabled: true,
            })}'`,
          ].join("\n"),
        },
      ];
    case "cloudfront":
      return [
        {
          title: "Distribution → Logging → Standard logging to S3, with a log prefix",
          text: "cloudfront/",
          note: "Real-time logs work too: list their fields, in order, as this source's format.",
        },
        {
          title: "Ship new log files (gzip) from the bucket, e.g. every few minutes",
          text: [
            `aws s3 sync s3://$LOG_BUCKET/cloudfront/ /var/log/cloudfront/ && \\`,
            `  for f in /var/log/cloudfront/*.gz; do zcat "$f" | curl -sS -X POST ${ingest} -H "Authorization: ${bearer}" \\`,
            `    -H 'Content-Type: text/plain' -H "Idempotency-Key: $(basename "$f")" --data-binary @-; done`,
          ].join("\n"),
          note: "The Idempotency-Key makes a file sent twice count once.",
        },
      ];
    case "fastly":
      return [
        { title: "Logging → HTTPS endpoint: URL", text: ingest },
        { title: "Custom header name / value", text: `Authorization\n${bearer}` },
        { title: "Content type application/x-ndjson, JSON log entry format: newline delimited; Log format:", text: FASTLY_LOG_FORMAT },
      ];
    case "akamai":
      return [
        { title: "DataStream 2 → Custom HTTPS destination: endpoint URL (JSON log format)", text: ingest },
        { title: "Custom header", text: `Authorization: ${bearer}` },
        { title: "Data set fields to select", text: AKAMAI_FIELDS.join(", ") },
      ];
    case "bunny":
      return [
        {
          title: "Download a day's log of a pull zone and send it",
          text: [
            `curl -sS -H "AccessKey: $BUNNY_API_KEY" "https://logging.bunnycdn.com/$(date -u +%m-%d-%y)/$PULL_ZONE_ID.log" | \\`,
            `  curl -sS -X POST ${ingest} -H "Authorization: ${bearer}" -H 'Content-Type: text/plain' --data-binary @-`,
          ].join("\n"),
          note: "bunny.net's log has one fixed layout: no format to set.",
        },
      ];
  }
}
