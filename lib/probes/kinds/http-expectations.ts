// What the http probe accepts as a good answer: a status set (codes and ranges) and an optional
// body substring or regex, checked against a bounded prefix of the body.
import { z } from "zod";

const StatusCode = z.int("status must be a whole number").min(100, "status must be 100-599").max(599, "status must be 100-599");
const StatusText = z
  .string()
  .regex(/^\d{3}(-\d{3})?$/, 'write a status as "200" or a range as "200-299"')
  .refine((text) => {
    const [low, high = low] = text.split("-").map(Number);
    return low >= 100 && high <= 599 && low <= high;
  }, "status range must lie within 100-599 with the lower bound first");

export const ExpectedStatus = z
  .array(z.union([StatusCode, StatusText]))
  .min(1, "expect at least one status")
  .max(50, "at most 50 status entries")
  .default([200]);
export type ExpectedStatus = z.output<typeof ExpectedStatus>;

export const BodyMatch = z.discriminatedUnion("type", [
  z.object({ type: z.literal("substring"), value: z.string().min(1, "substring cannot be empty").max(1024) }),
  z.object({
    type: z.literal("regex"),
    pattern: z
      .string()
      .min(1, "pattern cannot be empty")
      .max(1024)
      .refine((pattern) => compilesAsRegex(pattern), "pattern is not a valid regular expression"),
    // No "g" or "y": they make RegExp.test stateful across probes.
    flags: z.string().regex(/^(?!.*(.).*\1)[imsu]*$/, 'flags may only be a combination of "i", "m", "s", "u"').default(""),
  }),
]);
export type BodyMatch = z.output<typeof BodyMatch>;

function compilesAsRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export function statusIsExpected(status: number, expected: ExpectedStatus): boolean {
  return expected.some((entry) => {
    if (typeof entry === "number") return status === entry;
    const [low, high = low] = entry.split("-").map(Number);
    return status >= low && status <= high;
  });
}

export function describeExpectedStatus(expected: ExpectedStatus): string {
  return expected.length === 1 ? `status ${expected[0]}` : `status in ${expected.join(", ")}`;
}

// Compiled once per distinct pattern and reused by every run; bounded so edits cannot grow it forever.
const compiledPatterns = new Map<string, RegExp>();
const MAX_COMPILED_PATTERNS = 256;

function compiledPattern(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let regex = compiledPatterns.get(key);
  if (!regex) {
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    regex = new RegExp(pattern, flags);
    compiledPatterns.set(key, regex);
  }
  return regex;
}

export interface BodyMatcher {
  /** Returns undefined when the body matches, otherwise a short reason. */
  mismatch(bodyPrefix: string, truncated: boolean): string | undefined;
}

/** Compiles before any network I/O, so a bad pattern is reported as config, not as the origin's fault. */
export function compileBodyMatcher(match: BodyMatch): { ok: true; matcher: BodyMatcher } | { ok: false; reason: string } {
  const scope = (bodyPrefix: string, truncated: boolean) =>
    truncated ? ` in the first ${Buffer.byteLength(bodyPrefix)} bytes` : "";
  if (match.type === "substring") {
    const shown = match.value.slice(0, 60);
    return {
      ok: true,
      matcher: {
        mismatch: (body, truncated) =>
          body.includes(match.value) ? undefined : `Body does not contain "${shown}"${scope(body, truncated)}`,
      },
    };
  }
  let regex: RegExp;
  try {
    regex = compiledPattern(match.pattern, match.flags);
  } catch {
    return { ok: false, reason: `Body pattern /${match.pattern.slice(0, 60)}/ is not a valid regular expression` };
  }
  const shown = `/${match.pattern.slice(0, 60)}/${match.flags}`;
  return {
    ok: true,
    matcher: {
      mismatch: (body, truncated) => (regex.test(body) ? undefined : `Body does not match ${shown}${scope(body, truncated)}`),
    },
  };
}
