// Fixture files under tests/fixtures/proxies/: the real lines this test captured (refreshed
// with UPDATE_PROXY_FIXTURES=1) and the Envoy lines written from Envoy's documentation.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURES_DIR = join(import.meta.dirname, "../../../fixtures/proxies");

/** Writes captured lines to tests/fixtures/proxies/<proxy>/<name> when UPDATE_PROXY_FIXTURES=1. */
export function saveFixture(proxy: string, name: string, lines: string[]): void {
  if (process.env.UPDATE_PROXY_FIXTURES !== "1") return;
  mkdirSync(join(FIXTURES_DIR, proxy), { recursive: true });
  writeFileSync(join(FIXTURES_DIR, proxy, name), `${lines.join("\n")}\n`);
}

export function readFixture(proxy: string, name: string): string[] {
  return readFileSync(join(FIXTURES_DIR, proxy, name), "utf8").split("\n").filter((line) => line.length > 0);
}

const ENVOY_START = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\]/;

/**
 * Moves Envoy `[%START_TIME%]` stamps so the first line starts at `startMs`, keeping the gaps
 * between lines: the fixture's lines then land in the queried (recent) minutes.
 */
export function redateEnvoyLines(lines: string[], startMs: number): string[] {
  const first = ENVOY_START.exec(lines[0] ?? "");
  if (!first) throw new Error(`the first Envoy fixture line has no [START_TIME]: ${lines[0]}`);
  const shift = startMs - Date.parse(first[1]!);
  return lines.map((line) => {
    const match = ENVOY_START.exec(line);
    if (!match) throw new Error(`Envoy fixture line without [START_TIME]: ${line}`);
    return `[${new Date(Date.parse(match[1]!) + shift).toISOString()}]${line.slice(match[0].length)}`;
  });
}
