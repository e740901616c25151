// What POST /api/v1/import/{vcl,haproxy,nginx} answers: per backend what a dry run would do (or
// what the apply did), with the importer's notes. Schemas and types share a name.
import { z } from "zod";
import { ImportKind, ImportNote } from "@/lib/backends/import";

export const ImportQuery = z
  .object({
    dryRun: z
      .enum(["1", "0", "true", "false"], { message: "dryRun must be 1, 0, true or false" })
      .optional()
      .transform((v) => v === "1" || v === "true")
      .describe("1: answer the preview and change nothing"),
  })
  .strict();
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportBody = z.object({ text: z.string("text must be the config as text") }).describe("or the config itself as text/plain");

const Change = z.enum(["create", "update", "unchanged"]);

export const ImportPlanItem = z.object({
  name: z.string(),
  address: z.string(),
  line: z.number().int().describe("where the importer found it"),
  action: Change,
  changes: z.array(z.string()).describe("backend fields that change: address, tags, timeouts, origin"),
  probe: z.object({
    action: z.enum(["create", "update", "unchanged", "none", "skipped"]).describe("none: the config defines no check; skipped: see the notes"),
    kind: z.enum(["http", "tcp"]).optional(),
    changes: z.array(z.string()).optional(),
  }),
});
export type ImportPlanItem = z.infer<typeof ImportPlanItem>;

const Counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() });

export const ImportAnswer = z.object({
  kind: ImportKind,
  dryRun: z.boolean(),
  applied: z.boolean().describe("true when the changes were saved (one transaction)"),
  summary: z.object({ backends: Counts, probes: Counts.extend({ skipped: z.number().int() }) }),
  backends: z.array(ImportPlanItem),
  notes: z.array(ImportNote),
});
export type ImportAnswer = z.infer<typeof ImportAnswer>;
