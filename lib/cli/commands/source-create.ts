// `originwatch source create`: adds a log source through the same createSource (validation, the
// format compiled now, audit row) as the web UI and the API. The ingest token is printed once,
// alone on the last line of stdout, so scripts can `tail -n1`.
import { EXIT, type CommandSpec } from "@/lib/cli/args";
import { CLI_ACTOR, type Command } from "@/lib/cli/command";
import { assertDatabaseFree, withDatabase } from "@/lib/cli/database";
import { databaseConfig } from "@/lib/config/env";
import { parseInput } from "@/lib/errors/parse";
import { PROXY_KINDS } from "@/lib/ingest/types";
import { CreateSourceInput } from "@/lib/sources/schemas";
import { assertFormatCompiles, createSource } from "@/lib/sources/sources";

const spec = {
  name: "source create",
  summary: "Add a log source and print its ingest token",
  description: [
    "Creates a source: one proxy's log stream, with its kind and its native format string (a `varnishncsa -F` string, an nginx `log_format`, an HAProxy `log-format`, an Envoy format; for json, a field mapping). Without --format the proxy's default format is assumed. A format with a specifier Origin Watch does not know is refused, naming it, and nothing is created.",
    "The ingest token is shown once and stored only as a hash. The last line of stdout is the token alone, so a script can take it with `tail -n1`; send logs with it (`originwatch ingest`, or POST /api/v1/ingest).",
  ],
  options: {
    name: { type: "string", value: "NAME", required: true, description: "The source's name, e.g. edge-varnish" },
    kind: { type: "string", value: "KIND", required: true, choices: PROXY_KINDS, description: "varnish, nginx, haproxy, envoy, json, or a CDN: cloudflare, cloudfront, fastly, akamai, bunny (their preset needs no --format)" },
    format: { type: "string", value: "FORMAT", description: "The proxy's log format string (json: a field mapping); default: the proxy's default" },
    "default-backend": { type: "string", value: "BACKEND", description: "Backend for lines that name none" },
    "backend-side": { type: "boolean", description: "varnish: the source is fed by `varnishncsa -b` (backend requests only), for a format without %{Varnish:side}x" },
  },
  examples: [
    "originwatch source create --name edge-nginx --kind nginx",
    "originwatch source create --name edge-varnish --kind varnish --format '%h %l %u %t \"%r\" %s %b \"%{Referer}i\" \"%{User-agent}i\" %D %{Varnish:side}x %{Varnish:handling}x'",
    "OW_SOURCE_TOKEN=$(originwatch source create --name lb --kind haproxy | tail -n1)",
  ],
  fieldLabels: { name: "--name", kind: "--kind", format: "--format", defaultBackend: "--default-backend", backendSide: "--backend-side" },
} as const satisfies CommandSpec;

export const ALTERNATIVE = "manage sources in the web UI (Settings → Sources)";

export const sourceCreateCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx, opts) {
    const input = { name: opts.name, kind: opts.kind, format: opts.format, defaultBackend: opts["default-backend"], backendSide: opts["backend-side"] || undefined };
    // Fail fast on bad input, a format that does not compile and a held database, before the embedded database's slow start.
    const parsed = parseInput(CreateSourceInput, input);
    assertFormatCompiles(parsed.kind, parsed.format?.trim() ? parsed.format : null);
    assertDatabaseFree(databaseConfig(ctx.env), ALTERNATIVE);

    const source = await withDatabase(ctx, { command: spec.name, alternative: ALTERNATIVE }, (db) => createSource(db.prisma, CLI_ACTOR, input));
    const format = source.format ? "its format" : "the default format";
    const backend = source.defaultBackend ? `, default backend ${source.defaultBackend}` : "";
    ctx.out(`Created source "${source.name}" (${source.kind}, ${format}${backend}), id ${source.id}.`);
    ctx.out("Its ingest token is shown only now; the database keeps just its hash. The token is the next line:");
    ctx.out(source.token);
    return EXIT.ok;
  },
};
