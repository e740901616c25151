// The README's "Sending proxy logs" recipes as text, filled in for one source: where this server
// is, the source's token, its proxy and format. The shipper is the one this server serves. Pure, so tests can read what users will copy.
import type { ProxyKind } from "@/lib/ingest/types";
import { KIND_GUIDES } from "@/components/sources/source-kinds";

// Single quotes for the shell: everything inside is literal; a quote itself ends, escapes, resumes.
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
const nginxQuote = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/** Each recipe as the user will copy it; `proxy` is the proxy-side step, when there is one. */
export function shipCommands(origin: string, kind: ProxyKind, token: string, format: string | null) {
  const { logPaths } = KIND_GUIDES[kind];
  const url = new URL(origin);
  const https = url.protocol === "https:";
  const port = url.port || (https ? "443" : "80");
  const input = `${kind}_logs`;

  const curl = [
    `curl -X POST ${origin}/api/v1/ingest -H "Authorization: Bearer ${token}" \\`,
    `  -H 'Content-Type: text/plain' --data-binary @${logPaths[0]}`,
  ].join("\n");

  const shipper = shipperCommands(origin, token, logPaths);

  const vector = [
    `[sources.${input}]`,
    `type = "file"`,
    `include = [${logPaths.map((p) => JSON.stringify(p)).join(", ")}]`,
    ``,
    `[sinks.origin_watch]`,
    `type = "http"`,
    `inputs = ["${input}"]`,
    `uri = "${origin}/api/v1/ingest"`,
    `method = "post"`,
    `compression = "gzip"`,
    `encoding.codec = "text"`,
    `framing.method = "newline_delimited"`,
    `auth.strategy = "bearer"`,
    `auth.token = "${token}"`,
    `request.headers.Content-Type = "text/plain"`,
  ].join("\n");

  // Fluent Bit wraps each line as {"log": "..."}: proxy sources unwrap it. A JSON source keeps the
  // record whole, so the tail input must parse the line into the record itself.
  const fluentBit = [
    ...(kind === "json" ? [`[SERVICE]`, `    Parsers_File parsers.conf`, ``] : []),
    `[INPUT]`,
    `    Name   tail`,
    `    Path   ${logPaths.join(",")}`,
    `    Tag    ${kind}`,
    ...(kind === "json" ? [`    Parser json`] : []),
    ``,
    `[OUTPUT]`,
    `    Name           http`,
    `    Match          ${kind}`,
    `    Host           ${url.hostname}`,
    `    Port           ${port}`,
    `    URI            /api/v1/ingest`,
    `    Format         json_lines`,
    `    Compress       gzip`,
    `    Header         Authorization Bearer ${token}`,
    ...(https ? [`    tls            On`] : []),
  ].join("\n");

  // What the proxy itself must do so its lines carry what this source expects.
  let proxy: string | null = null;
  if (kind === "varnish") {
    proxy = `varnishncsa -b -c -a -w ${logPaths[0]}${format ? ` -F ${shellQuote(format)}` : ""}`;
  } else if (kind === "nginx" && format) {
    proxy = `log_format originwatch ${nginxQuote(format)};\naccess_log ${logPaths[0]} originwatch;`;
  }

  return { curl, shipper: shipper.run, systemd: shipper.systemd, vector, fluentBit, proxy };
}

const SHIPPER_PATH = "/usr/local/bin/originwatch-shipper.mjs";

/**
 * The standalone shipper (GET /api/v1/shipper.mjs: one file, Node 18+, no npm) downloaded from
 * this server and run, and a systemd unit that keeps it running. The token goes in a file only
 * root reads, not in the unit, which every local user can read.
 */
export function shipperCommands(origin: string, token: string, logPaths: readonly string[]) {
  const files = logPaths.join(" ");
  const run = [
    `curl -fsSL ${origin}/api/v1/shipper.mjs -o ${SHIPPER_PATH}`,
    `node ${SHIPPER_PATH} --url ${origin} --token ${token} --follow ${files}`,
  ].join("\n");
  const systemd = [
    `# 1. The token, readable by root only:`,
    `install -m 600 /dev/null /etc/originwatch-shipper.env`,
    `echo 'OW_SOURCE_TOKEN=${token}' > /etc/originwatch-shipper.env`,
    ``,
    `# 2. /etc/systemd/system/originwatch-shipper.service`,
    `[Unit]`,
    `Description=Origin Watch log shipper`,
    `After=network-online.target`,
    `Wants=network-online.target`,
    ``,
    `[Service]`,
    `EnvironmentFile=/etc/originwatch-shipper.env`,
    `ExecStart=/usr/bin/env node ${SHIPPER_PATH} --url ${origin} --follow ${files}`,
    `Restart=always`,
    `RestartSec=5`,
    `DynamicUser=yes`,
    `# The proxy's logs are usually group adm:`,
    `SupplementaryGroups=adm`,
    ``,
    `[Install]`,
    `WantedBy=multi-user.target`,
    ``,
    `# 3. Start it now and at every boot:`,
    `systemctl daemon-reload && systemctl enable --now originwatch-shipper`,
  ].join("\n");
  return { run, systemd };
}
