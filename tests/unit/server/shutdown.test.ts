// SIGTERM in production: next start drains its HTTP server and calls process.exit; the background
// work's stop (in-flight probe, retention and alert batches) must finish before that exit lands.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../../..");

// A stand-in for the server: stopOnSignals with a slow stop, and next start's own handler.
const CHILD = `
import { stopOnSignals } from "@/lib/server/shutdown";
stopOnSignals(async () => { await new Promise((r) => setTimeout(r, 300)); process.stdout.write("stopped\\n"); });
process.on("SIGTERM", () => process.exit(143));
process.stdout.write("ready\\n");
setInterval(() => undefined, 1000);
`;

test("SIGTERM: the exit waits for the background work to stop", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => ((out += d.toString()), out.includes("ready") && resolve())));
  child.kill("SIGTERM");
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  assert.equal(code, 143);
  assert.match(out, /stopped/);
});
