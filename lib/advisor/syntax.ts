// How each proxy spells the settings the advisor talks about, so a finding says what to change in
// the config the user actually edits: VCL backend/probe attributes, HAProxy keywords, nginx
// directives and upstream server parameters.
export type ProxyDialect = "vcl" | "haproxy" | "nginx";

/** "1.5s", "250ms", "2m": the shortest exact form all three proxies accept. */
export function duration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.round(ms)}ms`;
}

/** The read timeout: the wait for the first byte of the answer. */
export function firstByteTimeout(dialect: ProxyDialect, ms: number, nginxModule = "proxy"): { setting: string; change: string } {
  switch (dialect) {
    case "vcl":
      return { setting: "first_byte_timeout", change: `.first_byte_timeout = ${duration(ms)};` };
    case "haproxy":
      return { setting: "timeout server", change: `timeout server ${duration(ms)}` };
    case "nginx":
      return { setting: `${nginxModule}_read_timeout`, change: `${nginxModule}_read_timeout ${duration(ms)};` };
  }
}

export function probeTimeout(dialect: ProxyDialect, ms: number): { setting: string; change: string } {
  switch (dialect) {
    case "vcl":
      return { setting: ".probe .timeout", change: `.timeout = ${duration(ms)};` };
    case "haproxy":
      return { setting: "timeout check", change: `timeout check ${duration(ms)}` };
    case "nginx":
      // Open-source nginx has no active checks; the imported probe stands for Origin Watch's own.
      return { setting: "probe timeout", change: `probe timeoutMs ${ms}` };
  }
}

/** Settings under which one failed check is enough to take the backend out. */
export function tolerance(dialect: ProxyDialect, s: { window: number; threshold: number }): { setting: string; change: string } {
  switch (dialect) {
    case "vcl": {
      const window = Math.max(s.window, s.threshold + 2);
      return { setting: ".probe .window/.threshold", change: `.window = ${window}; .threshold = ${Math.min(s.threshold, window - 2)};` };
    }
    case "haproxy":
      return { setting: "fall", change: "fall 3" };
    case "nginx":
      return { setting: "max_fails", change: "max_fails=3 fail_timeout=10s" };
  }
}
