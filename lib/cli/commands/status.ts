// `originwatch status`: which database, its migrations, what it holds, and whether a server is
// holding the embedded database. Reads only: it neither creates the database nor migrates it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { EXIT, columns, type CommandSpec } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { describeDatabase, displayPath, withDatabase } from "@/lib/cli/database";
import { embeddedOwner } from "@/lib/db/embedded-lock";
import { databaseConfig } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { loadMigrations, pendingMigrations, type Migration } from "@/lib/db/migrator";

const spec = {
  name: "status",
  summary: "Show the database, its migrations and what it holds",
  description: [
    "Prints the database mode and location, how many migrations are applied and pending, and how many users, API tokens, sources and backends there are.",
    "On the embedded database it also says whether the server is running on it: the embedded database is one process, so while the server runs the CLI cannot open it, and the server's own status is at GET /api/health.",
  ],
  options: {},
  examples: ["originwatch status", "DATA_DIR=/var/lib/originwatch originwatch status"],
} as const satisfies CommandSpec;

const HEALTH = "The server's own status is at GET /api/health (e.g. curl -s http://localhost:3000/api/health).";
// lib/db/client.ts keeps PGlite's files in DATA_DIR/pg; no folder means no database yet.
const EMBEDDED_FILES = "pg";

async function migrationState(db: Database): Promise<{ applied: number; pending: Migration[] }> {
  const all = loadMigrations();
  // pendingMigrations creates the bookkeeping table when it is missing; status must not write.
  const [{ present }] = await db.sql.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  const pending = present ? await pendingMigrations(db.sql, all) : all;
  return { applied: all.length - pending.length, pending };
}

async function counts(db: Database): Promise<[string, string][]> {
  const now = new Date();
  const [users, tokens, activeTokens, sources, backends] = await Promise.all([
    db.prisma.user.count(),
    db.prisma.apiToken.count(),
    db.prisma.apiToken.count({ where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.prisma.source.count(),
    db.prisma.backend.count(),
  ]);
  return [
    ["users", String(users)],
    ["API tokens", `${tokens} (${activeTokens} active)`],
    ["sources", String(sources)],
    ["backends", String(backends)],
  ];
}

export const statusCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx) {
    const config = databaseConfig(ctx.env);
    const rows: [string, string][] = [["database", describeDatabase(config)]];
    const print = () => ctx.out(columns(rows).map((line) => line.slice(2)).join("\n"));

    if (config.mode === "embedded") {
      if (!existsSync(join(config.dataDir, EMBEDDED_FILES))) {
        rows.push(["state", `not created yet: the server's first start or \`originwatch migrate\` creates it in ${displayPath(config.dataDir)}`]);
        print();
        return EXIT.ok;
      }
      const owner = embeddedOwner(config.dataDir);
      if (owner) {
        rows.push(["in use by", `${owner.purpose} (pid ${owner.pid})`]);
        print();
        ctx.out("The embedded database is one process: while that one runs, the CLI cannot open it to count or migrate.");
        ctx.out(HEALTH);
        return EXIT.ok;
      }
      rows.push(["in use by", "nothing (no server is running on it)"]);
    } else {
      rows.push(["server", "not checked (on PostgreSQL the server and the CLI share the database)"]);
    }

    const alternative = "look at the server's own status (GET /api/health)";
    await withDatabase(ctx, { command: spec.name, alternative, migrate: false }, async (db) => {
      const { applied, pending } = await migrationState(db);
      rows.push(["migrations", `${applied} applied, ${pending.length} pending`]);
      if (pending.length) rows.push(["", `pending: ${pending.map((m) => m.name).join(", ")}; apply with \`originwatch migrate\``]);
      if (applied === 0) rows.push(["counts", "no tables yet"]);
      else rows.push(...(await counts(db)));
    });
    print();
    if (config.mode === "postgres") ctx.out(HEALTH);
    return EXIT.ok;
  },
};
