import { z } from "zod";
import { PROXY_KINDS } from "@/lib/ingest/types";

export const ProxyKindSchema = z.enum(PROXY_KINDS, { message: `kind must be one of ${PROXY_KINDS.join(", ")}` });

const SourceName = z
  .string()
  .trim()
  .min(1, "Give the source a name.")
  .max(100, "Use at most 100 characters.")
  .regex(/^[^\u0000-\u001f\u007f]+$/, "Use printable characters only (no tabs or line breaks).");

const Format = z.string().max(8192, "A format string of at most 8192 characters.");
const BackendName = z.string().trim().min(1).max(200);
const BackendSide = z
  .boolean()
  .describe("varnish only: the source is fed by `varnishncsa -b` (backend requests only), so a line with an empty FetchError is the origin's own answer");

export const CreateSourceInput = z.object({
  name: SourceName,
  kind: ProxyKindSchema,
  format: Format.nullish(),
  defaultBackend: BackendName.nullish(),
  backendSide: BackendSide.optional(),
});
export type CreateSourceInput = z.infer<typeof CreateSourceInput>;

export const UpdateSourceInput = z
  .object({ name: SourceName.optional(), format: Format.nullish(), defaultBackend: BackendName.nullish(), backendSide: BackendSide.optional() })
  .strict();
export type UpdateSourceInput = z.infer<typeof UpdateSourceInput>;

export const SourceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProxyKindSchema,
  format: z.string().nullable(),
  defaultBackend: z.string().nullable(),
  backendSide: BackendSide,
  tokenPrefix: z.string(),
  demo: z.boolean(),
  createdAt: z.string(),
  lastIngestAt: z.string().nullable(),
  silent: z.boolean().describe("it sent lines before, and none for 10 minutes (SILENT_SOURCE_MS): a shipper or proxy may have stopped"),
});
export type SourceView = z.infer<typeof SourceView>;

export const SourceWithToken = SourceView.extend({ token: z.string() });
