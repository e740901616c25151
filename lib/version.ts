import { readFileSync } from "node:fs";
import { join } from "node:path";

let cached: string | undefined;

/** The running version: baked in at build (next.config.ts), else read from package.json. */
export function appVersion(): string {
  if (cached) return cached;
  cached = process.env.ORIGINWATCH_VERSION;
  if (!cached) {
    try {
      cached = (JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string }).version;
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}
