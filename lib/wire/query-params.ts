// Query-string fields shared by the read APIs (zod at the boundary: every value arrives as text).
import { z } from "zod";

/** A whole number from 1 to `max`, as a query parameter; the messages name what is wrong. */
export function wholeNumberParam(max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be between 1 and ${max}`);
}
