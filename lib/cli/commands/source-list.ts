// `originwatch source list`: the sources, with their kind and when they last sent lines.
import { EXIT, type CommandSpec } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { assertDatabaseFree, withDatabase } from "@/lib/cli/database";
import { ALTERNATIVE } from "@/lib/cli/commands/source-create";
import { databaseConfig } from "@/lib/config/env";
import { listSources } from "@/lib/sources/sources";

const spec = {
  name: "source list",
  summary: "List the log sources and when each last sent lines",
  description: ["Prints one source per line: id, name, kind, and the time of its last ingest (UTC), or never."],
  options: {},
  examples: ["originwatch source list"],
} as const satisfies CommandSpec;

/** Rows padded to the widest cell of each column. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("   "));
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "never");

export const sourceListCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx) {
    assertDatabaseFree(databaseConfig(ctx.env), ALTERNATIVE);
    const sources = await withDatabase(ctx, { command: spec.name, alternative: ALTERNATIVE }, (db) => listSources(db.prisma));
    if (sources.length === 0) {
      ctx.out("No sources yet. Create one with `originwatch source create --name NAME --kind KIND`.");
      return EXIT.ok;
    }
    for (const line of table([["ID", "NAME", "KIND", "LAST INGEST"], ...sources.map((s) => [s.id, s.name, s.kind, when(s.lastIngestAt)])])) ctx.out(line);
    return EXIT.ok;
  },
};
