// Rule durations as people write them ("30s", "5m", "1h", "3d") and as the evaluator counts them
// (whole seconds). One unit per string: "1h30m" is written "90m", so a stored value prints back
// the way it was typed.
import { z } from "zod";

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const PATTERN = /^(\d{1,7})([smhd])$/;

/** Seconds in a duration string, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[match[2] as Unit];
}

/** The shortest exact string for whole seconds: 300 -> "5m", 90 -> "90s", 0 -> "0s". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  for (const unit of ["d", "h", "m"] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

/** A duration string parsed to seconds; `what` names the field in the message. */
export const Duration = (what = "a duration") =>
  z
    .string(`${what} must be text such as "30s", "5m", "1h" or "3d"`)
    .transform((text, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === null) {
        ctx.addIssue({ code: "custom", message: `${what} must be a whole number with one unit (s, m, h, d), such as "30s", "5m", "1h" or "3d".` });
        return z.NEVER;
      }
      return seconds;
    });

/** A window: at least a minute and in whole minutes, since the minute rollups are what it sums. */
export const WindowDuration = (what = "window") =>
  Duration(what).refine((s) => s >= 60 && s % 60 === 0, `${what} must be whole minutes, at least "1m".`);
