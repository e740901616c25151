import type { z } from "zod";
import { AppError, type FieldIssue } from "@/lib/errors/app-error";

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

/** Parses input with a schema; failure is a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const fields = zodIssues(result.error);
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
    throw new AppError("bad_request", `Invalid input: ${summary}`, { fields });
  }
  return result.data;
}
