// Team edits of the built-in checklists, kept as versions per slug. The newest version is in
// force for incidents created after it; an incident keeps the versions in force when its row was
// created, so its steps (and the ticks keyed by their ids) do not change under the responder.
import type { SqlExecutor, SqlQueryable } from "@/lib/db/sql";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse";
import { can, type Actor } from "@/lib/auth/permissions";
import { BUILT_IN_CHECKLISTS, CAUSE_CHECKLIST, SIGNAL_CHECKLIST } from "@/lib/incidents/checklists/catalog";
import { ChecklistInput, type ChecklistTemplateView, type ChecklistVersionView } from "@/lib/incidents/checklists/template-schema";
import type { ChecklistTemplate, StepTemplate } from "@/lib/incidents/checklists/types";

/** Maps a built-in template to the version in force; the identity when nothing was edited. */
export type TemplateResolver = (t: ChecklistTemplate) => ChecklistTemplate;

const LOCK_CLASS = 0x4f57_434c; // "OWCL": one save per slug at a time, so versions count up without gaps

interface VersionRow { slug: string; version: number; title: string; steps: StepTemplate[]; builtIn: boolean; authorName: string; createdAt: number }

const VERSION_COLUMNS = `slug, version, title, steps, built_in AS "builtIn", author_name AS "authorName", extract(epoch FROM created_at) * 1000 AS "createdAt"`;

function builtIn(slug: string): ChecklistTemplate {
  const t = BUILT_IN_CHECKLISTS.find((c) => c.slug === slug);
  if (!t) throw new AppError("not_found", "No such checklist.");
  return t;
}

function usedFor(slug: string): string[] {
  return [...Object.entries(CAUSE_CHECKLIST), ...Object.entries(SIGNAL_CHECKLIST)].filter(([, t]) => t.slug === slug).map(([k]) => k);
}

/** The newest version of each edited slug created at or before `at` (ms; null: now). */
async function latestVersions(q: SqlQueryable, at: number | null): Promise<Map<string, VersionRow>> {
  const rows = await q.query<VersionRow>(
    `SELECT DISTINCT ON (slug) ${VERSION_COLUMNS} FROM checklist_versions
     WHERE ($1::float8 IS NULL OR created_at <= to_timestamp($1 / 1000.0)) ORDER BY slug, version DESC`,
    [at],
  );
  return new Map(rows.map((r) => [r.slug, r]));
}

/** The resolver for an incident created at `createdAt` (ms). A restore row means the code's version. */
export async function templatesInForce(q: SqlQueryable, createdAt: number | null): Promise<TemplateResolver> {
  return resolverOf(await latestVersions(q, createdAt));
}

function resolverOf(latest: Map<string, VersionRow>): TemplateResolver {
  if (latest.size === 0) return (t) => t;
  return (t) => {
    const v = latest.get(t.slug);
    return !v || v.builtIn ? t : { slug: t.slug, title: v.title, steps: v.steps };
  };
}

/**
 * Resolvers for many creation times (ms) from one read of the versions (a team edits a handful
 * of checklists, so the table is small): a notification round composes hundreds of incidents.
 */
export async function templatesInForceAt(q: SqlQueryable, times: number[]): Promise<Map<number, TemplateResolver>> {
  const rows = await q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM checklist_versions ORDER BY slug, version DESC`);
  const out = new Map<number, TemplateResolver>();
  for (const at of new Set(times)) {
    const latest = new Map<string, VersionRow>();
    for (const r of rows) if (!latest.has(r.slug) && Number(r.createdAt) <= at) latest.set(r.slug, r);
    out.set(at, resolverOf(latest));
  }
  return out;
}

function view(t: ChecklistTemplate, v: VersionRow | undefined): ChecklistTemplateView {
  const edited = v && !v.builtIn;
  return {
    slug: t.slug,
    title: edited ? v.title : t.title,
    builtIn: !edited,
    version: v ? Number(v.version) : null,
    updatedAt: v ? new Date(Number(v.createdAt)).toISOString() : null,
    updatedBy: v ? v.authorName : null,
    usedFor: usedFor(t.slug),
    steps: edited ? v.steps : t.steps,
  };
}

export async function listChecklistTemplates(q: SqlQueryable): Promise<ChecklistTemplateView[]> {
  const latest = await latestVersions(q, null);
  return BUILT_IN_CHECKLISTS.map((t) => view(t, latest.get(t.slug)));
}

export async function getChecklistTemplate(q: SqlQueryable, slug: string): Promise<ChecklistTemplateView> {
  const t = builtIn(slug);
  return view(t, (await latestVersions(q, null)).get(slug));
}

export async function checklistVersions(q: SqlQueryable, slug: string): Promise<ChecklistVersionView[]> {
  const t = builtIn(slug);
  const rows = await q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM checklist_versions WHERE slug = $1 ORDER BY version DESC`, [slug]);
  return rows.map((r) => ({
    version: Number(r.version),
    title: r.builtIn ? t.title : r.title,
    builtIn: r.builtIn,
    steps: r.builtIn ? t.steps : r.steps,
    author: r.authorName,
    createdAt: new Date(Number(r.createdAt)).toISOString(),
  }));
}

const authorOf = (actor: Actor) => ({
  id: actor.kind === "user" ? actor.id : null,
  name: actor.kind === "user" ? (actor.name ?? actor.email) : actor.kind === "token" ? `token ${actor.name}` : "cli",
});

async function addVersion(sql: SqlExecutor, actor: Actor, slug: string, title: string, steps: StepTemplate[], isBuiltIn: boolean, onlyIfEdited: boolean): Promise<void> {
  if (!can(actor, "incidents.write")) throw new AppError("forbidden", "Only editors, admins and owners can change checklists.");
  const who = authorOf(actor);
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [LOCK_CLASS, slug]);
    const cur = (await tx.query<{ version: number; builtIn: boolean }>(
      `SELECT version, built_in AS "builtIn" FROM checklist_versions WHERE slug = $1 ORDER BY version DESC LIMIT 1`,
      [slug],
    ))[0];
    if (onlyIfEdited && (!cur || cur.builtIn)) throw new AppError("conflict", "The built-in version is already in force.");
    await tx.query(
      `INSERT INTO checklist_versions (slug, version, title, steps, built_in, author_id, author_name) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
      [slug, Number(cur?.version ?? 0) + 1, title, JSON.stringify(steps), isBuiltIn, who.id, who.name],
    );
  });
}

/** Saves a new version of a built-in checklist; it is in force for incidents created from now on. */
export async function saveChecklistTemplate(sql: SqlExecutor, actor: Actor, slug: string, raw: unknown): Promise<ChecklistTemplateView> {
  builtIn(slug);
  const input = parseInput(ChecklistInput, raw);
  await addVersion(sql, actor, slug, input.title, input.steps, false, false);
  return getChecklistTemplate(sql, slug);
}

/** Puts the code's version back in force, recorded as a version of its own. */
export async function restoreChecklistTemplate(sql: SqlExecutor, actor: Actor, slug: string): Promise<ChecklistTemplateView> {
  const t = builtIn(slug);
  await addVersion(sql, actor, slug, t.title, [], true, true);
  return getChecklistTemplate(sql, slug);
}
