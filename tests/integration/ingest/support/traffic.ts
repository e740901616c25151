// Sends a known number of requests per scenario through a proxy, one at a time (so every log
// line is in a known order and no proxy queues), and records what the client saw.
import http from "node:http";

export interface Scenario {
  /** Request path; its prefix selects the backend in the proxy's config. */
  path: string;
  count: number;
  /** Statuses the client must see, in order (one per request, or one for all). */
  expect: number[] | number;
}

export interface Sent {
  path: string;
  status: number;
  ms: number;
}

const CLIENT_TIMEOUT_MS = 8_000;
export const USER_AGENT = "originwatch-real-proxy-test/1";

export function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path, agent: false, timeout: CLIENT_TIMEOUT_MS, headers: { "user-agent": USER_AGENT, connection: "close" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`GET ${path} got no answer in ${CLIENT_TIMEOUT_MS} ms`)));
    request.on("error", reject);
  });
}

/** Runs the scenarios in order; throws as soon as the proxy answers a status we did not plan for. */
export async function drive(port: number, scenarios: Scenario[]): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (const scenario of scenarios) {
    for (let i = 0; i < scenario.count; i++) {
      const started = Date.now();
      const { status, body } = await get(port, scenario.path);
      const expected = Array.isArray(scenario.expect) ? scenario.expect[i] : scenario.expect;
      if (status !== expected) {
        throw new Error(`GET ${scenario.path} #${i + 1}: the proxy answered ${status}, expected ${expected}; body: ${body.slice(0, 300)}`);
      }
      sent.push({ path: scenario.path, status, ms: Date.now() - started });
    }
  }
  return sent;
}

export function totalRequests(scenarios: Scenario[]): number {
  return scenarios.reduce((sum, scenario) => sum + scenario.count, 0);
}
