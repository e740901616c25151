// Drafts a migration for models the existing migrations do not create yet, in the SQL Prisma's
// engine would write (that engine is a native binary we cannot run here). Review the draft,
// then save it as prisma/migrations/<timestamp>_<name>/migration.sql.
// Usage: npx tsx scripts/draft-migration.ts [--all]   (--all: every model, for a fresh start)
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { expectedTables, type ExpectedTable } from "../tests/helpers/schema-model";

const root = join(import.meta.dirname, "..");
const migrationsDir = join(root, "prisma/migrations");
const existingSql = existsSync(migrationsDir)
  ? readdirSync(migrationsDir)
      .filter((d) => existsSync(join(migrationsDir, d, "migration.sql")))
      .map((d) => readFileSync(join(migrationsDir, d, "migration.sql"), "utf8"))
      .join("\n")
  : "";
const all = process.argv.includes("--all");
const q = (s: string) => `"${s}"`;

function createTable(t: ExpectedTable): string {
  const lines = t.columns.map((c) => {
    let type = c.type
      .replace("timestamp(3) with time zone", "TIMESTAMPTZ(3)")
      .replace("timestamp(3) without time zone", "TIMESTAMP(3)")
      .toUpperCase();
    let def = c.default;
    if (def === "autoincrement") {
      type = type === "INTEGER" ? "SERIAL" : "BIGSERIAL";
      def = null;
    }
    const notNull = c.nullable ? "" : " NOT NULL";
    const dflt = def === null ? "" : ` DEFAULT ${def.replace(/::(.*)$/, (_m, ty: string) => `::${ty.toUpperCase()}`)}`;
    return `    ${q(c.name)} ${type}${notNull}${dflt}`;
  });
  const pk = t.indexes.find((i) => i.primary);
  if (pk) lines.push(`\n    CONSTRAINT ${q(pk.name)} PRIMARY KEY (${pk.columns.map(q).join(",")})`);
  return `-- CreateTable\nCREATE TABLE ${q(t.name)} (\n${lines.join(",\n").replace(",\n\n", ",\n\n")}\n);\n`;
}

const tables = expectedTables().filter((t) => all || !existingSql.includes(`CREATE TABLE "${t.name}"`));
const out: string[] = tables.map(createTable);
for (const t of tables) {
  for (const i of t.indexes.filter((x) => !x.primary)) {
    out.push(`-- CreateIndex\nCREATE ${i.unique ? "UNIQUE " : ""}INDEX ${q(i.name)} ON ${q(t.name)}(${i.columns.map(q).join(", ")});\n`);
  }
}
for (const t of tables) {
  for (const f of t.foreignKeys) {
    out.push(
      `-- AddForeignKey\nALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(f.name)} FOREIGN KEY (${f.columns.map(q).join(", ")}) ` +
        `REFERENCES ${q(f.refTable)}(${f.refColumns.map(q).join(", ")}) ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate};\n`,
    );
  }
}
process.stdout.write(out.length ? out.join("\n") : "-- nothing to draft: every model has a CREATE TABLE already\n");
