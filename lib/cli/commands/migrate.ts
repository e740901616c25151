// `originwatch migrate`: applies pending migrations (the server also does at start-up).
import type { CommandSpec } from "@/lib/cli/args";
import { EXIT } from "@/lib/cli/args";
import { plural, type Command } from "@/lib/cli/command";
import { describeDatabase, withDatabase } from "@/lib/cli/database";
import { migrate } from "@/lib/db/migrator";

const spec = {
  name: "migrate",
  summary: "Apply pending database migrations",
  description: [
    "Applies the migrations in prisma/migrations that the database has not seen yet, each in its own transaction, and lists them. Running it again is harmless: it says the database is up to date.",
    "The server applies pending migrations itself when it starts; this command is for doing it ahead of time (before a rolling upgrade on PostgreSQL, or in a deploy script).",
  ],
  options: {},
  examples: ["originwatch migrate", "DATABASE_URL=postgresql://originwatch:secret@db:5432/originwatch originwatch migrate"],
} as const satisfies CommandSpec;

export const migrateCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx) {
    const alternative = "let the server apply them (it migrates when it starts)";
    return withDatabase(ctx, { command: spec.name, alternative, migrate: false }, async (db, config) => {
      const report = await migrate(db.sql);
      ctx.out(`Database: ${describeDatabase(config)}`);
      if (report.applied.length === 0) {
        ctx.out(`Up to date: ${report.alreadyApplied === 1 ? "the one migration is" : `all ${report.alreadyApplied} migrations are`} applied.`);
      } else {
        ctx.out(`Applied ${plural(report.applied.length, "migration")}:`);
        for (const name of report.applied) ctx.out(`  ${name}`);
      }
      return EXIT.ok;
    });
  },
};
