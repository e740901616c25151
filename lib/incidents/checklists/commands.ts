// Commands per stack, shared by several checklists; facts from DOMAIN.md's last table.
import type { Stack } from "@/lib/incidents/checklists/types";

type Commands = Partial<Record<Stack, string[]>>;

export const BACKEND_STATE: Commands = {
  varnish: ["varnishadm backend.list", "varnishlog -g request -q 'FetchError'"],
  nginx: ["tail -n 200 /var/log/nginx/error.log", "curl -s http://127.0.0.1/nginx_status   # stub_status"],
  haproxy: ["echo 'show stat' | socat stdio /run/haproxy/admin.sock", "echo 'show servers state' | socat stdio /run/haproxy/admin.sock"],
  envoy: ["curl -s http://127.0.0.1:9901/clusters | grep health_flags"],
};

export const ORIGIN_PROCESS: Commands = {
  app: ["systemctl status <service>", "top -o %CPU   # or htop: CPU and memory", "pm2 list   # Node under PM2", "ps -C gunicorn -o pid,etime,rss,cmd   # Gunicorn workers"],
  phpfpm: ["systemctl status php-fpm", "curl -s 'http://127.0.0.1/fpm-status?full'"],
};

export const WORKER_POOLS: Commands = {
  phpfpm: ["curl -s http://127.0.0.1/fpm-status   # listen queue, active vs total processes", "grep -R 'pm.max_children' /etc/php/*/fpm/pool.d/"],
  app: ["gunicorn --workers N   # compare N with the busy workers and CPU cores", "pm2 list; pm2 scale <app> +2   # Node cluster mode"],
};

export const DATABASE: Commands = {
  db: [
    "SELECT pid, now() - query_start AS running, state, wait_event_type, query FROM pg_stat_activity WHERE state <> 'idle' ORDER BY running DESC;   -- PostgreSQL",
    "SELECT pid, locktype, mode, granted FROM pg_locks WHERE NOT granted;   -- PostgreSQL locks",
    "SHOW FULL PROCESSLIST;   -- MySQL; then the slow query log (slow_query_log_file)",
  ],
};

export const PROXY_TIMEOUTS: Commands = {
  varnish: ["grep -n 'first_byte_timeout\\|connect_timeout\\|between_bytes_timeout' /etc/varnish/default.vcl", "varnishadm param.show first_byte_timeout"],
  nginx: ["grep -Rn 'proxy_read_timeout\\|proxy_connect_timeout\\|fastcgi_read_timeout' /etc/nginx/"],
  haproxy: ["grep -n 'timeout server\\|timeout connect' /etc/haproxy/haproxy.cfg"],
  envoy: ["curl -s http://127.0.0.1:9901/config_dump | grep -n '\"timeout\"'"],
};

export const HEALTH_CHECKS: Commands = {
  varnish: ["grep -n -A8 'probe' /etc/varnish/default.vcl   # .url .interval .timeout .threshold .window", "varnishadm backend.list -p"],
  nginx: ["grep -Rn 'max_fails\\|fail_timeout\\|health_check' /etc/nginx/"],
  haproxy: ["grep -n 'option httpchk\\|check inter\\|rise\\|fall' /etc/haproxy/haproxy.cfg", "echo 'show servers state' | socat stdio /run/haproxy/admin.sock"],
  envoy: ["curl -s http://127.0.0.1:9901/clusters | grep -E 'health_flags|outlier'"],
};

export const PROXY_LOAD: Commands = {
  varnish: ["varnishstat -1 -f MAIN.backend_busy -f MAIN.sess_dropped -f MAIN.threads_failed"],
  nginx: ["curl -s http://127.0.0.1/nginx_status   # active connections vs worker_connections"],
  haproxy: ["echo 'show info' | socat stdio /run/haproxy/admin.sock   # CurrConns vs Maxconn, queue"],
  envoy: ["curl -s http://127.0.0.1:9901/stats | grep -E 'overflow|pending'"],
};

export const CACHE: Commands = {
  varnish: ["varnishstat -1 -f MAIN.cache_hit -f MAIN.cache_miss", "grep -n 'beresp.grace\\|req.grace' /etc/varnish/default.vcl"],
  nginx: ["grep -Rn 'proxy_cache_use_stale\\|proxy_cache_lock' /etc/nginx/"],
};
