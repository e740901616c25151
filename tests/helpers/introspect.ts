// Reads a live database's tables, columns, indexes and foreign keys from PostgreSQL's catalog,
// in the same terms as tests/helpers/schema-model.ts, and lists every difference.
import type { SqlQueryable } from "@/lib/db/sql";
import type { ExpectedTable } from "./schema-model";

const ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

/** PostgreSQL prints defaults with casts ('x'::text); strip them to compare with the schema. */
export function normaliseDefault(expr: string | null): string | null {
  if (expr === null) return null;
  if (expr.startsWith("nextval(")) return "autoincrement";
  if (expr === "now()") return "CURRENT_TIMESTAMP";
  if (/^ARRAY\[\]::/.test(expr)) return expr;
  const literal = /^('(?:[^']|'')*')::[\w\s]+$/.exec(expr);
  if (literal) return literal[1]!;
  return expr;
}

export async function introspect(sql: SqlQueryable): Promise<ExpectedTable[]> {
  const tables = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' ORDER BY 1`,
  );
  const columns = await sql.query<{ table: string; name: string; type: string; notnull: boolean; def: string | null }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  );
  const indexes = await sql.query<{ table: string; name: string; columns: string[]; unique: boolean; primary: boolean }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
     FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()`,
  );
  const fks = await sql.query<{ table: string; name: string; columns: string[]; ref_table: string; ref_columns: string[]; del: string; upd: string }>(
    `SELECT t.relname AS table, con.conname AS name, rt.relname AS ref_table, con.confdeltype AS del, con.confupdtype AS upd,
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = rt.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class rt ON rt.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE con.contype = 'f' AND n.nspname = current_schema()`,
  );
  return tables.map(({ name }) => ({
    name,
    columns: columns
      .filter((c) => c.table === name)
      .map((c) => ({ name: c.name, type: c.type, nullable: !c.notnull, default: normaliseDefault(c.def) })),
    indexes: indexes
      .filter((i) => i.table === name)
      .map((i) => ({ name: i.name, columns: i.columns, unique: i.unique, primary: i.primary })),
    foreignKeys: fks
      .filter((f) => f.table === name)
      .map((f) => ({
        name: f.name,
        columns: f.columns,
        refTable: f.ref_table,
        refColumns: f.ref_columns,
        onDelete: ACTIONS[f.del] ?? f.del,
        onUpdate: ACTIONS[f.upd] ?? f.upd,
      })),
  }));
}

/** Every way the live database differs from the schema, one readable line each. */
export function diffSchema(expected: ExpectedTable[], actual: ExpectedTable[]): string[] {
  const out: string[] = [];
  const live = new Map(actual.map((t) => [t.name, t]));
  const wanted = new Set(expected.map((t) => t.name));
  for (const t of actual) if (!wanted.has(t.name)) out.push(`table ${t.name} exists but is not in the schema`);
  for (const e of expected) {
    const a = live.get(e.name);
    if (!a) {
      out.push(`table ${e.name} is missing`);
      continue;
    }
    const cols = new Map(a.columns.map((c) => [c.name, c]));
    for (const c of e.columns) {
      const got = cols.get(c.name);
      if (!got) out.push(`column ${e.name}.${c.name} is missing`);
      else {
        if (got.type !== c.type) out.push(`column ${e.name}.${c.name} has type ${got.type}, schema says ${c.type}`);
        if (got.nullable !== c.nullable) out.push(`column ${e.name}.${c.name} is ${got.nullable ? "nullable" : "NOT NULL"}, schema says the opposite`);
        if (got.default !== c.default) out.push(`column ${e.name}.${c.name} default is ${got.default}, schema says ${c.default}`);
      }
      cols.delete(c.name);
    }
    for (const extra of cols.keys()) out.push(`column ${e.name}.${extra} exists but is not in the schema`);
    const key = (i: ExpectedTable["indexes"][number]) => `${i.name}(${i.columns.join(",")})${i.unique ? " unique" : ""}${i.primary ? " primary" : ""}`;
    const liveIdx = new Set(a.indexes.map(key));
    const wantIdx = new Set(e.indexes.map(key));
    for (const k of wantIdx) if (!liveIdx.has(k)) out.push(`index ${e.name}.${k} is missing or different`);
    for (const k of liveIdx) if (!wantIdx.has(k)) out.push(`index ${e.name}.${k} exists but is not in the schema`);
    const fkKey = (f: ExpectedTable["foreignKeys"][number]) =>
      `${f.name}(${f.columns.join(",")})->${f.refTable}(${f.refColumns.join(",")}) on delete ${f.onDelete} on update ${f.onUpdate}`;
    const liveFk = new Set(a.foreignKeys.map(fkKey));
    const wantFk = new Set(e.foreignKeys.map(fkKey));
    for (const k of wantFk) if (!liveFk.has(k)) out.push(`foreign key ${e.name}.${k} is missing or different`);
    for (const k of liveFk) if (!wantFk.has(k)) out.push(`foreign key ${e.name}.${k} exists but is not in the schema`);
  }
  return out;
}
