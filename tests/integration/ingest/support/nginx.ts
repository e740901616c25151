// A real nginx in the foreground, single process, in a temp prefix: one upstream per failure
// mode chosen by location, a limit_req location (nginx's own 503), and three logs:
// - `access.log` with the upstream variables (the evidence format);
// - `combined.log` in the built-in `combined` format (no evidence);
// - `error.log` at level `error`, where nginx says *why* a 502/504 happened.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../../helpers/server";
import type { Origins } from "./origin";
import { PROXY_TIMEOUT_S } from "./origin";
import { findBinary, readLines, startChild, waitForListening } from "./processes";

/** `combined` plus the upstream name and the upstream variables (`$proxy_host` names the upstream group). */
export const NGINX_EVIDENCE_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";

export interface RunningNginx {
  port: number;
  accessLines(): string[];
  combinedLines(): string[];
  errorLines(): string[];
  diagnostics(): string;
  close(): Promise<void>;
}

function config(dir: string, port: number, origins: Origins): string {
  const upstream = (name: string, originPort: number) =>
    // max_fails=0: a failing peer is never taken out, so every request really tries it.
    `  upstream ${name} { server 127.0.0.1:${originPort} max_fails=0; }`;
  return `daemon off;
master_process off;
error_log ${dir}/logs/error.log error;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  client_body_temp_path ${dir}/tmp/client;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;

  log_format upstreams '${NGINX_EVIDENCE_FORMAT.replace(/'/g, "\\'")}';
  access_log ${dir}/logs/access.log upstreams;
  access_log ${dir}/logs/combined.log combined;

  # One request a minute per client, no burst: the first /limited request passes, the rest get 503.
  limit_req_zone $binary_remote_addr zone=perclient:1m rate=1r/m;

  # One attempt per request: no retry on another peer (or the same one) after an error or timeout.
  proxy_next_upstream off;
  proxy_connect_timeout ${PROXY_TIMEOUT_S}s;
  proxy_read_timeout ${PROXY_TIMEOUT_S}s;
  proxy_send_timeout ${PROXY_TIMEOUT_S}s;

${upstream("app", origins.httpPort)}
${upstream("slowapp", origins.httpPort)}
${upstream("errapp", origins.httpPort)}
${upstream("gone", origins.refusedPort)}
${upstream("flaky", origins.resetPort)}

  server {
    listen 127.0.0.1:${port};
    location /slow { proxy_pass http://slowapp; }
    location /error { proxy_pass http://errapp; }
    location /refused { proxy_pass http://gone; }
    location /reset { proxy_pass http://flaky; }
    location /limited { limit_req zone=perclient nodelay; proxy_pass http://app; }
    location / { proxy_pass http://app; }
  }
}
`;
}

export async function startNginx(origins: Origins, register: (close: () => Promise<void>) => void): Promise<RunningNginx> {
  const nginx = findBinary("nginx")!;
  const dir = mkdtempSync(join(tmpdir(), "originwatch-nginx-"));
  mkdirSync(join(dir, "logs"));
  mkdirSync(join(dir, "tmp"));
  let stop = async () => undefined as void;
  const close = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  register(close);

  const port = await freePort();
  writeFileSync(join(dir, "nginx.conf"), config(dir, port, origins));
  // -e: the error log used before the config is read (otherwise /var/log/nginx/error.log).
  const child = startChild("nginx", nginx, ["-p", `${dir}/`, "-c", join(dir, "nginx.conf"), "-e", join(dir, "logs", "error.log")], { cwd: dir });
  stop = child.stop;
  // A bare TCP connect sends no request, so nginx logs nothing for it.
  await waitForListening(child, port);
  return {
    port,
    accessLines: () => readLines(join(dir, "logs", "access.log")),
    combinedLines: () => readLines(join(dir, "logs", "combined.log")),
    errorLines: () => readLines(join(dir, "logs", "error.log")),
    diagnostics: () => `--- nginx\n${child.output()}\n--- error.log\n${readLines(join(dir, "logs", "error.log")).join("\n")}`,
    close,
  };
}
