// A request body that is either the text itself (text/plain, or any non-JSON type) or JSON with
// the text in one field, e.g. `{"text": "..."}`: pasted configs come both ways.
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { readBodyText } from "@/lib/wire/body";
import { parseInput } from "@/lib/errors/parse";
import { assertCleanJson } from "@/lib/http/clean-input";

export async function readTextBody(req: Request, jsonSchema: z.ZodType<{ text: string }>, maxBytes: number): Promise<string> {
  const body = await readBodyText(req, { bytes: maxBytes });
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.includes("json")) {
    assertCleanJson(body);
    return body;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  assertCleanJson(parsed);
  return parseInput(jsonSchema, parsed).text;
}
