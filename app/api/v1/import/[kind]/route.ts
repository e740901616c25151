import { AppError } from "@/lib/errors/app-error";
import { route, param } from "@/lib/http/handler";
import { parseInput } from "@/lib/errors/parse";
import { readTextBody } from "@/lib/http/text-body";
import { ImportKind, MAX_IMPORT_BYTES } from "@/lib/backends/import";
import { importBackends } from "@/lib/backends/import-apply";
import { ImportBody, ImportQuery } from "@/lib/backends/import-schemas";

export const dynamic = "force-dynamic";

// Body: the config as text/plain, or JSON {"text": "..."}. ?dryRun=1 answers the plan only.
export const POST = route({ permission: "backends.write" }, async ({ req, prisma, actor, params }) => {
  const kind = ImportKind.safeParse(param(params, "kind"));
  if (!kind.success) throw new AppError("not_found", `No importer for that; use one of ${ImportKind.options.join(", ")}.`);
  const { dryRun } = parseInput(ImportQuery, Object.fromEntries(new URL(req.url).searchParams));
  // JSON escaping can grow a config; the importer itself enforces MAX_IMPORT_BYTES on the text.
  const text = await readTextBody(req, ImportBody, MAX_IMPORT_BYTES * 2);
  return importBackends(prisma, actor, kind.data, text, { dryRun });
});
