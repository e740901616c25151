// Log lines as each proxy writes them, in the demo sources' formats (lib/demo/scenario.ts). The
// demo's 5xx go through the real parser and cause attribution as these lines, so what the
// drill-down shows is exactly what ingesting the same lines would have stored.
import type { CauseId } from "@/lib/ingest/types";
import type { DemoBackendDef, DemoSourceKey } from "@/lib/demo/scenario";
import type { DemoRandom } from "@/lib/demo/random";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `21/Nov/2026:01:18:19` (UTC), with `.mmm` for HAProxy's accept date. */
function clfDate(ms: number, millis = false): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return millis ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

/** nginx error-log time: `2026/11/21 01:18:26` (nginx writes local time; the demo server's is UTC). */
function errorLogDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
  "okhttp/4.12.0",
  "ShopApp/7.3.1 (Android 15)",
];

/** What went wrong, as the generator decided it; the line is written so the parser finds that evidence. */
export interface FailedRequest {
  atMs: number;
  backend: DemoBackendDef;
  cause: Extract<CauseId, "backend_error" | "backend_timeout" | "proxy_overload" | "connect_refused">;
  status: number;
  /** Time to the proxy's verdict (for a timeout: the timeout itself). */
  ms: number;
}

export interface WrittenLines {
  /** Error-log lines written before the access line (nginx). */
  before: string[];
  access: string;
}

function client(rng: DemoRandom): string {
  return rng.chance(0.5) ? `198.51.100.${rng.int(2, 254)}` : `203.0.113.${rng.int(2, 254)}`;
}

function requestId(rng: DemoRandom): string {
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

function varnishLine(r: FailedRequest, rng: DemoRandom): WrittenLines {
  const path = rng.pick(r.backend.paths);
  // The backend record: Varnish logs %D 0 and an empty body for a fetch it gave up on.
  const fetchError = r.cause === "proxy_overload" ? `backend ${r.backend.name}: busy` : r.cause === "backend_timeout" ? "first byte timeout" : "-";
  const madeByVarnish = r.cause !== "backend_error";
  const micros = madeByVarnish ? 0 : Math.round(r.ms * 1000);
  const bytes = madeByVarnish ? 0 : rng.int(180, 900);
  const access =
    `${client(rng)} - - [${clfDate(r.atMs)} +0000] "GET http://${r.backend.host}${path} HTTP/1.1" ${r.status} ${bytes} "-" ` +
    `"${rng.pick(USER_AGENTS)}" ${micros} b - ${r.backend.name} "${fetchError}"`;
  return { before: [], access };
}

function nginxLines(r: FailedRequest, rng: DemoRandom): WrittenLines {
  const path = rng.pick(r.backend.paths);
  const ip = client(rng);
  const connect = rng.between(0.0005, 0.002);
  if (r.cause === "backend_timeout") {
    const access =
      `${ip} - - [${clfDate(r.atMs)} +0000] "GET ${path} HTTP/1.1" 504 167 "-" "${rng.pick(USER_AGENTS)}" ` +
      `${r.backend.name} ${r.backend.address} 504 ${connect.toFixed(3)} - ${seconds(r.ms)} ${seconds(r.ms + 1)}`;
    const error =
      `${errorLogDate(r.atMs)} [error] 2211#2211: *${rng.int(100_000, 999_999)} upstream timed out (110: Connection timed out) while reading response header from upstream, ` +
      `client: ${ip}, server: ${r.backend.host}, request: "GET ${path} HTTP/1.1", upstream: "http://${r.backend.address}${path}", host: "${r.backend.host}"`;
    return { before: [error], access };
  }
  const access =
    `${ip} - - [${clfDate(r.atMs)} +0000] "GET ${path} HTTP/1.1" ${r.status} ${rng.int(60, 400)} "-" "${rng.pick(USER_AGENTS)}" ` +
    `${r.backend.name} ${r.backend.address} ${r.status} ${connect.toFixed(3)} ${seconds(r.ms)} ${seconds(r.ms + 0.4)} ${seconds(r.ms + 0.6)}`;
  return { before: [], access };
}

function haproxyLine(r: FailedRequest, rng: DemoRandom): WrittenLines {
  const path = rng.pick(r.backend.paths);
  const conns = rng.int(20, 80);
  const refused = r.cause === "connect_refused";
  // Refused: the connect phase never completed (Tc -1), so there is no server time either.
  const timers = refused ? `0/0/-1/-1/${rng.int(0, 1)}` : `0/0/0/${Math.round(r.ms)}/${Math.round(r.ms) + 1}`;
  const state = refused ? "SC--" : "----";
  const bytes = refused ? 217 : rng.int(150, 600);
  const access =
    `${client(rng)}:${rng.int(30_000, 65_000)} [${clfDate(r.atMs, true)}] www~ ${r.backend.name}/${r.backend.name}1 ${timers} ${r.status} ${bytes} - - ${state} ` +
    `${conns}/${conns}/${rng.int(1, 12)}/${refused ? 0 : rng.int(1, 12)}/${refused ? 3 : 0} 0/0 "GET ${path} HTTP/1.1"`;
  return { before: [], access };
}

function envoyLine(r: FailedRequest, rng: DemoRandom): WrittenLines {
  const path = rng.pick(r.backend.paths);
  const ms = Math.round(r.ms);
  const access =
    `[${new Date(r.atMs).toISOString()}] "GET ${path} HTTP/2" ${r.status} - 0 ${rng.int(40, 200)} ${ms + 1} ${ms} ` +
    `"${client(rng)}" "${rng.pick(USER_AGENTS)}" "${requestId(rng)}" "${r.backend.host}" "${r.backend.address}" ${r.backend.name} via_upstream`;
  return { before: [], access };
}

const WRITERS: Record<DemoSourceKey, (r: FailedRequest, rng: DemoRandom) => WrittenLines> = {
  varnish: varnishLine,
  nginx: nginxLines,
  haproxy: haproxyLine,
  envoy: envoyLine,
};

export function writeFailedRequest(source: DemoSourceKey, r: FailedRequest, rng: DemoRandom): WrittenLines {
  return WRITERS[source](r, rng);
}
