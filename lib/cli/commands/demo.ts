// `originwatch demo`: loads a realistic day of demo traffic, probes and events (lib/demo), or with
// --remove takes it out again. Unlike the "Load demo data" button, which is offered on an empty
// overview only, it loads next to traffic of the workspace's own too, saying so: every demo row
// is marked, and --remove deletes exactly those.
import { EXIT, type CommandSpec } from "@/lib/cli/args";
import { CLI_ACTOR, plural, type CliContext, type Command } from "@/lib/cli/command";
import { assertDatabaseFree, withDatabase } from "@/lib/cli/database";
import { databaseConfig } from "@/lib/config/env";
import { loadDemo } from "@/lib/demo/load";
import { removeDemo } from "@/lib/demo/remove";
import type { DemoLoaded, DemoRemoved } from "@/lib/demo/schemas";

const spec = {
  name: "demo",
  summary: "Load a day of demo data (or remove it with --remove)",
  description: [
    "Fills the last 24 hours with a realistic day behind four proxies (Varnish, nginx, HAProxy, Envoy) and five backends: steady traffic, a deploy followed by first-byte timeouts on the api, a refused-connection outage on search (its probe fails and the backend turns sick, then healthy), and a purge that leaves the shop's cache cold. Probe results and deploy/purge markers agree with the traffic. The demo's probes point at documentation addresses and are never run.",
    "Every demo row is marked as demo. Loading twice is refused; --remove deletes the demo rows and nothing else. While the server runs on the embedded database, use the overview's “Load demo data” button (or the banner's “Remove demo data”) instead.",
  ],
  options: {
    remove: { type: "boolean", description: "Remove the demo data instead of loading it" },
  },
  examples: ["originwatch demo", "originwatch demo --remove"],
} as const satisfies CommandSpec;

const ALTERNATIVE = "use the overview's “Load demo data” button (or “Remove demo data” in the demo banner)";

const hhmm = (iso: string) => iso.slice(11, 16);
const number = (n: number) => n.toLocaleString("en-US");

function printLoaded(ctx: CliContext, out: DemoLoaded): void {
  if (out.alongsideRealData) {
    ctx.err("Note: this workspace has traffic of its own; the demo sits next to it, marked as demo. `originwatch demo --remove` removes only the demo.");
  }
  ctx.out(`Loaded a demo day, ${out.from.slice(0, 16).replace("T", " ")} to ${out.to.slice(0, 16).replace("T", " ")} UTC, in ${(out.tookMs / 1000).toFixed(1)} s:`);
  ctx.out(`  ${plural(out.sources.length, "source")}: ${out.sources.map((s) => `${s.name} (${s.kind})`).join(", ")}`);
  ctx.out(`  ${plural(out.backends.length, "backend")}: ${out.backends.map((b) => b.name).join(", ")}, one HTTP probe each (never run: the demo writes their results)`);
  ctx.out(`  ${plural(out.events, "event")} (deploys, a purge, a config change, a note)`);
  ctx.out(
    `  ${number(out.requests)} requests, ${number(out.serverErrors)} 5xx with ${number(out.samples)} sample log lines, ` +
      `${number(out.probeResults)} probe results, ${plural(out.healthTransitions, "health change")}`,
  );
  ctx.out("");
  ctx.out("Open the overview (last 6 hours) and look for:");
  for (const i of out.incidents) ctx.out(`  ${hhmm(i.from)}–${hhmm(i.to)} UTC  ${i.backend.padEnd(7)} ${i.cause.padEnd(16)} ${i.summary}`);
  ctx.out("");
  ctx.out("Remove it with: npx originwatch demo --remove");
}

function printRemoved(ctx: CliContext, out: DemoRemoved): void {
  if (out.sources + out.backends + out.events + out.incidents === 0) {
    ctx.out("There is no demo data to remove.");
    return;
  }
  ctx.out(
    `Removed the demo data: ${plural(out.sources, "source")}, ${plural(out.backends, "backend")} with ${plural(out.probes, "probe")} and their results, ` +
      `${plural(out.events, "event")}, ${number(out.rollupRows)} rollup rows and ${number(out.samples)} sample lines.`,
  );
  if (out.incidents > 0) ctx.out(`Also ${plural(out.incidents, "demo incident")}.`);
  ctx.out("Your own sources, backends, events and traffic are untouched.");
}

export const demoCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx, opts) {
    // The embedded database's start is slow: say it is taken before paying for it.
    assertDatabaseFree(databaseConfig(ctx.env), ALTERNATIVE);
    const open = { command: spec.name, alternative: ALTERNATIVE };
    if (opts.remove) {
      printRemoved(ctx, await withDatabase(ctx, open, (db) => removeDemo(db, CLI_ACTOR)));
    } else {
      printLoaded(ctx, await withDatabase(ctx, open, (db) => loadDemo(db, CLI_ACTOR, { alongsideRealData: true })));
    }
    return EXIT.ok;
  },
};
