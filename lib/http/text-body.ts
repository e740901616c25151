// A request body that is either the text itself (text/plain, or any non-JSON type) or JSON with
// the text in one field, e.g. `{"text": "..."}`: pasted configs come both ways.
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/http/parse";

export async function readTextBody(req: Request, jsonSchema: z.ZodType<{ text: string }>, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes; send at most ${Math.floor(maxBytes / 1024)} KiB.`);
  if (declared > maxBytes) throw tooLarge();
  const body = await req.text();
  if (Buffer.byteLength(body, "utf8") > maxBytes) throw tooLarge();
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.includes("json")) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  return parseInput(jsonSchema, parsed).text;
}
