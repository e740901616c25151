// `originwatch ingest`: ships log files (or stdin) to a source over HTTP, like a small Vector:
// batches, gzip, deterministic Idempotency-Keys, retries; --follow tails the files through
// rotation. It never opens the database. The work is in lib/shipper/; this file parses the
// command line, reports progress and maps the result to an exit code.
import { EXIT, UsageError, type CommandSpec } from "@/lib/cli/args";
import { plural, type CliContext, type Command } from "@/lib/cli/command";
import { DEFAULT_LIMITS } from "@/lib/shipper/batcher";
import { IngestClient } from "@/lib/shipper/client";
import { RateMeter, progressLine, summaryLines } from "@/lib/shipper/progress";
import { MIN_BATCH_BYTES, Shipper, type ShipStats } from "@/lib/shipper/shipper";
import { appVersion } from "@/lib/version";

const spec = {
  name: "ingest",
  summary: "Send log files to a source over HTTP (--follow keeps sending, through rotation)",
  description: [
    "Reads the files (or stdin, given as -), cuts them into batches of whole lines, and sends each batch gzipped to POST <URL>/api/v1/ingest with the source's token. It talks HTTP only: it runs anywhere that reaches the server, and never opens the database.",
    "Each batch carries an Idempotency-Key derived from the file, the batch's byte offset and its content, so a batch sent again (a retry after a lost answer, or a rerun over an unchanged file) is counted once. Network errors, 408, 429 and 5xx are retried with exponential backoff and jitter, honouring Retry-After; a batch refused as too large (413) is sent in pieces that fit (later batches too). A refused token stops at once.",
    "With --follow, the files are tailed like `tail -F`: appended lines are sent (a partial batch after about a second of quiet), a rotated file is finished and the new one read from its start, a truncated file is read again from its start, and a file that does not exist yet is waited for. Ctrl-C or SIGTERM sends what was read and exits 0; a second one exits at once.",
    "Lines the server cannot read are its verdict, not a failure: the first few are shown with the reason. Exit 0 when every line was delivered, 1 when some could not be (the count and the reason are printed).",
  ],
  options: {
    url: { type: "string", value: "URL", required: true, description: "The Origin Watch server, e.g. http://localhost:3000 (/api/v1/ingest is added)" },
    token: { type: "string", value: "TOKEN", description: "The source's ingest token (ow_src_…); default: $OW_SOURCE_TOKEN" },
    "batch-lines": { type: "string", value: "N", description: `At most N lines per request (default ${DEFAULT_LIMITS.maxLines})` },
    "batch-bytes": { type: "string", value: "BYTES", description: "At most this many bytes per request before gzip: 4194304, 512k, 4M (default 4M)" },
    follow: { type: "boolean", description: "Keep reading appended lines, through rotation and truncation, until Ctrl-C or SIGTERM" },
    "from-end": { type: "boolean", description: "With --follow: skip what the files hold now and send only new lines" },
    "retry-for": { type: "string", value: "SECONDS", description: "Give up on a batch still failing after this long (default 300; with --follow: never; 0: never)" },
  },
  positionals: { value: "FILE... | -", description: "Log files to send; - reads stdin", min: 1 },
  examples: [
    "originwatch ingest --url http://localhost:3000 --token \"$OW_SOURCE_TOKEN\" /var/log/nginx/access.log",
    "OW_SOURCE_TOKEN=ow_src_… originwatch ingest --url https://ow.example.com --follow /var/log/nginx/access.log /var/log/nginx/error.log",
    "zcat /var/log/nginx/access.log.*.gz | originwatch ingest --url http://localhost:3000 -",
  ],
} as const satisfies CommandSpec;

const INGEST_PATH = "/api/v1/ingest";
const TOKEN_PREFIX = "ow_src_";
const DEFAULT_RETRY_FOR_S = 300;
const MAX_BATCH_BYTES = 256 * 1024 * 1024;
const MAX_BATCH_LINES = 1_000_000;
const TTY_REFRESH_MS = 500;
const LOG_PROGRESS_MS = 30_000;

const usage = (message: string) => new UsageError(message, spec.name);

/** The ingest endpoint from --url: a server's address (a path prefix is kept) or the endpoint itself. */
export function ingestEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usage(`--url must be an http(s) address such as http://localhost:3000, not "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usage(`--url must start with http:// or https://, not "${url.protocol}//"`);
  if (url.username || url.password) throw usage("--url must not carry a user or password: the token goes in --token");
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith(INGEST_PATH) ? path : `${path}${INGEST_PATH}`;
  url.hash = "";
  return url.toString();
}

/** `4194304`, `512k`, `4M`, `4MiB` → bytes. */
export function parseByteSize(raw: string): number | null {
  const m = /^(\d+)\s*(k|kb|kib|m|mb|mib)?$/i.exec(raw.trim());
  if (!m) return null;
  const unit = (m[2] ?? "").toLowerCase();
  return Number(m[1]) * (unit.startsWith("m") ? 1024 * 1024 : unit.startsWith("k") ? 1024 : 1);
}

function wholeNumber(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw usage(`${flag} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return Number(raw);
}

/** Progress on stderr: one line redrawn in place on a terminal, else a line every 30 s when following. */
function progressReporter(ctx: CliContext, stats: () => ShipStats, follow: boolean) {
  const tty = Boolean(ctx.stderr.isTTY);
  const meter = new RateMeter();
  let shown = false;
  const clear = () => {
    if (shown) ctx.stderr.write("\r\x1b[K");
    shown = false;
  };
  const draw = () => {
    const rate = meter.sample(Date.now(), stats().linesSent);
    if (tty) {
      ctx.stderr.write(`\r\x1b[K${progressLine(stats(), rate)}`);
      shown = true;
    } else {
      ctx.err(`originwatch ingest: ${new Date().toISOString()} ${progressLine(stats(), rate)}`);
    }
  };
  meter.sample(Date.now(), 0);
  const timer = tty ? setInterval(draw, TTY_REFRESH_MS) : follow ? setInterval(draw, LOG_PROGRESS_MS) : undefined;
  return {
    /** A message line that the progress line must not overwrite. */
    say(line: string) {
      clear();
      ctx.err(line);
    },
    done() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}

export const ingestCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx, opts, inputs) {
    const endpoint = ingestEndpoint(opts.url);
    const token = (opts.token ?? ctx.env.OW_SOURCE_TOKEN ?? "").trim();
    if (!token) throw usage("--token is required (or set OW_SOURCE_TOKEN)");
    if (!token.startsWith(TOKEN_PREFIX)) {
      throw usage(`the token must be a source's ingest token (${TOKEN_PREFIX}…), shown by \`originwatch source create\`${token.startsWith("ow_api_") ? "; an API token (ow_api_…) cannot send logs" : ""}`);
    }
    const maxLines = wholeNumber("--batch-lines", opts["batch-lines"], 1, MAX_BATCH_LINES) ?? DEFAULT_LIMITS.maxLines;
    let maxBytes = DEFAULT_LIMITS.maxBytes;
    if (opts["batch-bytes"] !== undefined) {
      const parsed = parseByteSize(opts["batch-bytes"]);
      if (parsed === null || parsed < MIN_BATCH_BYTES || parsed > MAX_BATCH_BYTES) {
        throw usage(`--batch-bytes must be a size from 1k to 256M (bytes, or with a k or M suffix), not "${opts["batch-bytes"]}"`);
      }
      maxBytes = parsed;
    }
    const retryFor = wholeNumber("--retry-for", opts["retry-for"], 0, 31 * 24 * 3600);
    if (opts["from-end"] && !opts.follow) throw usage("--from-end only applies with --follow");
    if (inputs.filter((i) => i === "-").length > 1) throw usage("- (stdin) can be given once");
    const retryForMs = retryFor === 0 ? null : retryFor !== undefined ? retryFor * 1000 : opts.follow ? null : DEFAULT_RETRY_FOR_S * 1000;

    // The client reports retries and 413s to the shipper, which is created next (the callbacks run later).
    const client = new IngestClient({
      endpoint,
      token,
      retryForMs,
      userAgent: `originwatch-ingest/${appVersion()}`,
      onRetry: (e) => shipper.onRetry(e),
      onShrink: (e) => shipper.onShrink(e),
    });
    const progress = progressReporter(ctx, () => shipper.stats, opts.follow);
    const say = (line: string) => progress.say(line);
    const shipper: Shipper = new Shipper({
      inputs,
      follow: opts.follow,
      fromEnd: opts["from-end"],
      limits: { maxLines, maxBytes },
      sender: client,
      stdin: ctx.stdin,
      events: {
        notice: (message) => say(`originwatch ingest: ${message}`),
        rejected: (r) => say(`rejected ${r.where}: ${r.reason}\n    ${r.text}`),
        undelivered: (batch, reason) => {
          const first = batch.lineNos[0];
          const last = batch.lineNos[batch.lineNos.length - 1];
          say(`originwatch ingest: NOT delivered: ${plural(batch.lines.length, "line")} of ${batch.stream.label} (lines ${first}-${last}): ${reason}`);
        },
      },
    });
    const release = ctx.interrupts?.claim(() => {
      say("originwatch ingest: stopping: sending what was read (a second Ctrl-C quits at once)");
      shipper.stop();
    });

    let result;
    try {
      result = await shipper.run();
    } finally {
      release?.();
      progress.done();
    }
    const { stats } = result;
    for (const line of summaryLines(stats)) ctx.out(line);
    if (stats.rejected > 0) {
      ctx.err(`The server rejected ${plural(stats.rejected, "line")}: is the source's kind and format the proxy's? The source's parse errors list them (Settings → Sources).`);
    }
    if (result.fatal) ctx.err(`originwatch: ${result.fatal}`);
    if (stats.undeliveredLines > 0) ctx.err(`originwatch: ${plural(stats.undeliveredLines, "line")} could not be delivered (see above).`);
    if (stats.unreadable > 0) ctx.err(`originwatch: ${plural(stats.unreadable, "input")} could not be read (see above).`);
    if (result.fatal || stats.undeliveredLines > 0 || stats.unreadable > 0) return EXIT.failure;
    if (result.interrupted && !opts.follow) return EXIT.interrupted;
    return EXIT.ok;
  },
};
