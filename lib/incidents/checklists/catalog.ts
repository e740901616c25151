// The built-in checklists, and which one each cause and signal calls for. Both maps are Records
// over every cause and signal, so adding a cause fails the typecheck until it has a checklist.
import type { CauseId } from "@/lib/ingest/types";
import type { ChecklistTemplate, Signal } from "@/lib/incidents/checklists/types";
import { BACKEND_STATE, CACHE, DATABASE, HEALTH_CHECKS, ORIGIN_PROCESS, PROXY_LOAD, PROXY_TIMEOUTS, WORKER_POOLS } from "@/lib/incidents/checklists/commands";

const confirm = (causes: string[], what: string) => ({
  id: "confirm",
  title: `Confirm ${what} is back under the rule's threshold`,
  detail: "Ticks itself when the data shows it. If it stays high after the fix, the fix was not the cause: go to the next checklist.",
  check: { kind: "cause_below_threshold" as const, causes },
});

const TEMPLATES = {
  rollBack: {
    slug: "roll-back",
    title: "Roll back the deploy",
    steps: [
      { id: "rollback", title: "Roll back to the last release that worked", detail: "The errors began just after a deploy: restoring the previous release is the fastest way back. Ticks itself when a deploy event is recorded after the incident opened.", check: { kind: "deploy_after_open" } },
      { id: "confirm-errors", title: "Watch the 5xx rate for five minutes", detail: "Falling: the release was the cause; keep it rolled back. Unchanged: the deploy was a coincidence; follow the next checklist." },
      { id: "read-release-logs", title: "Read the new release's logs before deploying it again", detail: "Look for missing environment variables, failed migrations, memory growth and routes that error.", commands: ORIGIN_PROCESS },
    ],
  },
  coldCache: {
    slug: "cold-cache",
    title: "Warm the cache after a purge",
    steps: [
      { id: "hit-ratio", title: "Check the cache hit ratio since the purge", detail: "A collapse in hits right after a purge means every request now reaches the origin at once.", commands: CACHE },
      { id: "warm", title: "Warm the most requested pages", detail: "Request the critical pages (home, top categories, API hot paths) before the crowd does; next time purge only what changed." },
      { id: "grace", title: "Serve stale while the origin catches up", detail: "Varnish grace (beresp.grace) or nginx proxy_cache_use_stale keeps answering from the cache when the origin is slow or failing.", commands: CACHE },
    ],
  },
  originDown: {
    slug: "origin-down",
    title: "Is the origin process up?",
    steps: [
      { id: "process", title: "Check that the origin process runs and listens", detail: "Refused connections mean nothing listens on the port: the process crashed, was stopped, or listens elsewhere. Restart it if it is down.", commands: ORIGIN_PROCESS },
      { id: "proxy-view", title: "See the backend as the proxy sees it", detail: "Sick or down here while the process runs: the path between them is the problem (next step).", commands: BACKEND_STATE },
      { id: "firewall", title: "Check the firewall or security group between proxy and origin", detail: "A rule change after a deploy or a new host can drop or reject the proxy's connections." },
      { id: "probe-healthy", title: "Confirm the probe has been healthy for 3 minutes", detail: "Ticks itself from the probe results.", check: { kind: "probe_healthy", minutes: 3 } },
    ],
  },
  slowOrigin: {
    slug: "slow-origin",
    title: "The origin answers too slowly",
    steps: [
      { id: "slow-queries", title: "Look for slow queries and locks in the database", detail: "Long-running queries or waiting locks hold the workers; kill the blocker or add the missing index.", commands: DATABASE },
      { id: "workers", title: "Check whether the worker pool is saturated", detail: "All workers busy and a queue growing: requests wait before they even start. Add workers only if CPU and memory allow.", commands: WORKER_POOLS },
      { id: "timeouts", title: "Only then: compare the proxy timeout with real response times", detail: "Raising first_byte_timeout or proxy_read_timeout hides slowness instead of fixing it; raise it only for endpoints that are slow by design.", commands: PROXY_TIMEOUTS },
      confirm(["backend_timeout"], "backend_timeout"),
    ],
  },
  healthChecks: {
    slug: "health-checks",
    title: "The proxy marked every backend unhealthy",
    steps: [
      { id: "check-settings", title: "Read the health check's own settings first", detail: "URL, interval, timeout, threshold: a check slower or stricter than the app can answer marks healthy servers sick.", commands: HEALTH_CHECKS },
      { id: "check-endpoint", title: "Request the health check URL from the proxy host", detail: "It should answer 200 quickly. Slow: relax the check's timeout or make the endpoint cheaper. Failing: the origin is really down; see 'Is the origin process up?'." },
      { id: "lb-targets", title: "Check the load balancer's target health", detail: "In a cloud load balancer the target group shows why each target is unhealthy." },
      confirm(["no_healthy_backend"], "no_healthy_backend"),
    ],
  },
  network: {
    slug: "network",
    title: "The network between proxy and origin",
    steps: [
      { id: "connect", title: "Connect from the proxy host to the origin", detail: "Times out: a firewall drops packets or the origin's accept queue is full. Reset: the origin closed the connection (crash, keepalive shorter than the proxy's).", commands: { app: ["curl -v --connect-timeout 3 http://<origin>:<port>/", "ss -ltn   # on the origin: Recv-Q of the listening socket"] } },
      confirm(["connect_timeout", "backend_reset"], "the connection error rate"),
    ],
  },
  tls: {
    slug: "tls",
    title: "The TLS handshake with the origin fails",
    steps: [
      { id: "handshake", title: "Open a TLS connection to the origin as the proxy does", detail: "Read the verify result: an expired certificate, a name that does not match, or a CA the proxy does not trust fails before any request is sent.", commands: { app: ["openssl s_client -connect <origin>:443 -servername <host> </dev/null 2>&1 | grep -E 'Verify return|subject=|issuer='", "openssl s_client -connect <origin>:443 -servername <host> </dev/null 2>/dev/null | openssl x509 -noout -dates -ext subjectAltName"] } },
      { id: "proxy-tls", title: "Check the proxy's settings for TLS to the origin", detail: "The name it sends (SNI) and verifies must be on the certificate; protocols and ciphers must overlap. A CDN in strict mode refuses a self-signed or expired origin certificate (Cloudflare 525/526).", commands: { nginx: ["grep -rnE 'proxy_ssl_(server_name|name|verify|trusted_certificate|protocols)' /etc/nginx/"], haproxy: ["grep -nE 'server .* ssl|verify|sni|ca-file' /etc/haproxy/haproxy.cfg"], envoy: ["curl -s localhost:9901/certs"] } },
      { id: "renewal", title: "Renew or redeploy the origin's certificate", detail: "A renewal that ran but was never loaded leaves the old certificate served: reload the origin's TLS terminator after renewing." },
      confirm(["tls_error"], "the TLS error rate"),
    ],
  },
  dns: {
    slug: "dns",
    title: "The origin's name does not resolve",
    steps: [
      { id: "resolve", title: "Resolve the origin's name from the proxy host, with the proxy's resolver", detail: "NXDOMAIN: the record is gone or misspelled. A timeout: the resolver is unreachable. An old address: a cached answer outlived a change.", commands: { app: ["dig +short <origin-name>", "dig @<resolver> <origin-name>"] } },
      { id: "resolver-config", title: "Check how the proxy resolves names at run time", detail: "nginx resolves a variable proxy_pass through its `resolver` directive only; HAProxy through a `resolvers` section; a CDN through public DNS (Cloudflare 523 and 530 with error 1016).", commands: { nginx: ["grep -rn 'resolver' /etc/nginx/"], haproxy: ["grep -n -A5 '^resolvers' /etc/haproxy/haproxy.cfg"] } },
      { id: "record", title: "Fix the record, then wait out the TTL", detail: "Restore the record (or point the proxy at an address); answers cached before the fix live as long as their TTL." },
      confirm(["dns_error"], "the DNS error rate"),
    ],
  },
  badResponse: {
    slug: "bad-response",
    title: "The origin's answer could not be used",
    steps: [
      { id: "fetch-error", title: "Read the proxy's reason for rejecting the answer", detail: "Oversized headers, a broken chunked body or an invalid status line: the proxy names it.", commands: BACKEND_STATE },
      { id: "origin-logs", title: "Find the requests in the origin's logs", detail: "A release that adds large cookies or headers is the usual culprit." },
      confirm(["bad_response"], "bad_response"),
    ],
  },
  overload: {
    slug: "overload",
    title: "Proxy or origin overloaded",
    steps: [
      { id: "proxy-limits", title: "Compare the proxy's connections with its limits", detail: "At the limit: the proxy refuses or queues new requests itself.", commands: PROXY_LOAD },
      { id: "origin-limits", title: "Check the origin's worker and connection limits", detail: "Queues growing at the origin: scale out or shed load.", commands: WORKER_POOLS },
      { id: "shed", title: "Queue, shed or scale", detail: "Autoscaling, request queues and circuit breakers keep a spike from becoming an outage." },
      confirm(["proxy_overload"], "proxy_overload"),
    ],
  },
  proxyConfig: {
    slug: "proxy-config",
    title: "The proxy failed on its own",
    steps: [
      { id: "proxy-logs", title: "Read the proxy's own error log", detail: "A VCL error, a missing upstream, a full disk for the cache: the proxy made this 5xx without asking the origin.", commands: BACKEND_STATE },
      { id: "config-change", title: "Look for a config change just before", detail: "Config events appear on the timeline; reload the last good configuration." },
      confirm(["proxy_error"], "proxy_error"),
    ],
  },
  originErrors: {
    slug: "origin-errors",
    title: "The origin's own 5xx",
    steps: [
      { id: "app-logs", title: "Read the origin application's logs", detail: "The origin answered 5xx itself; the proxy only carried the message. The stack trace is in the app's log, not the proxy's.", commands: ORIGIN_PROCESS },
      { id: "dependencies", title: "Check what the application depends on", detail: "Database, cache, third-party APIs: an app's 5xx is often a dependency's outage.", commands: DATABASE },
      confirm(["backend_error"], "backend_error"),
    ],
  },
  noEvidence: {
    slug: "no-evidence",
    title: "5xx without evidence of a cause",
    steps: [
      { id: "add-evidence", title: "Give the product the evidence it needs", detail: "nginx: ship the error log too; Varnish: log FetchError; HAProxy: keep the termination state in the log format. Until then the cause stays 'unknown'.", commands: BACKEND_STATE },
      confirm(["unknown"], "the unknown 5xx rate"),
    ],
  },
} satisfies Record<string, ChecklistTemplate>;

export const BUILT_IN_CHECKLISTS: ChecklistTemplate[] = Object.values(TEMPLATES);

/** The checklist for each cause: a new cause must be added here to typecheck. */
export const CAUSE_CHECKLIST: Record<CauseId, ChecklistTemplate> = {
  backend_timeout: TEMPLATES.slowOrigin,
  connect_timeout: TEMPLATES.network,
  connect_refused: TEMPLATES.originDown,
  no_healthy_backend: TEMPLATES.healthChecks,
  backend_reset: TEMPLATES.network,
  bad_response: TEMPLATES.badResponse,
  proxy_overload: TEMPLATES.overload,
  proxy_error: TEMPLATES.proxyConfig,
  backend_error: TEMPLATES.originErrors,
  dns_error: TEMPLATES.dns,
  tls_error: TEMPLATES.tls,
  unknown: TEMPLATES.noEvidence,
};

/** The checklist for each signal. */
export const SIGNAL_CHECKLIST: Record<Signal, ChecklistTemplate> = {
  deploy_before: TEMPLATES.rollBack,
  purge_before: TEMPLATES.coldCache,
  latency_near_timeout: TEMPLATES.slowOrigin,
  probe_down: TEMPLATES.originDown,
  overload: TEMPLATES.overload,
  tls: TEMPLATES.tls,
  dns: TEMPLATES.dns,
};
