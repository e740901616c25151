import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Runs a schema in the browser: the parsed value, or the first message per field path. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): { ok: true; data: z.infer<S> } | { ok: false; fields: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join(".") || "(body)";
    if (!(path in fields)) fields[path] = issue.message;
  }
  return { ok: false, fields };
}

/** The form's text values by input name (file inputs are not used here). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form).entries()) if (typeof value === "string") out[key] = value;
  return out;
}

/** Moves focus to the first input that has a message, so keyboard and screen-reader users land on it. */
export function focusFirstError(form: HTMLFormElement, fields: FieldErrors) {
  const elements = Array.from(form.elements) as HTMLElement[];
  const first = elements.find((el) => "name" in el && typeof el.name === "string" && el.name in fields);
  first?.focus();
}
