// Silences and maintenance windows: what POST /api/v1/silences accepts and what the API answers.
import { z } from "zod";
import { SEVERITIES } from "@/lib/alerts/schemas";

const Instant = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what} must be an ISO 8601 time such as 2026-12-07T22:00:00Z` }).transform((s) => Date.parse(s));

const ClockTime = (what: string) =>
  z
    .string(`${what} must be text such as "22:00"`)
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${what} must be a time of day such as "22:00".`)
    .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const Names = (what: string) =>
  z.array(z.string(`each of ${what} must be text`).trim().min(1, `${what} cannot hold empty names.`), `${what} must be a list`).max(100, `At most 100 ${what}.`);

export const SilenceMatchersInput = z
  .object({
    rules: Names("rules").optional().describe("rule ids or names"),
    backends: Names("backends").optional(),
    sources: Names("sources").optional().describe("source names (rules scoped to a source)"),
    severities: z.array(z.enum(SEVERITIES, 'severities are "info", "warning" or "critical"')).optional(),
  })
  .strict()
  .describe("every list given must name the alert; absent lists match everything");

const Common = {
  matchers: SilenceMatchersInput.default({}),
  comment: z.string("comment must be text").trim().min(1, "Say why (comment).").max(2000, "comment has at most 2000 characters."),
};

export const SilenceInput = z.discriminatedUnion(
  "kind",
  [
    z
      .object({ kind: z.literal("once"), startsAt: Instant("startsAt").optional(), endsAt: Instant("endsAt"), ...Common })
      .strict()
      .refine((s) => s.startsAt === undefined || s.endsAt > s.startsAt, { message: "endsAt must be after startsAt.", path: ["endsAt"] }),
    z
      .object({
        kind: z.literal("weekly"),
        weekdays: z
          .array(z.int("weekdays are whole numbers").min(1, "weekdays run from 1 (Monday) to 7 (Sunday).").max(7, "weekdays run from 1 (Monday) to 7 (Sunday)."))
          .min(1, "Name at least one weekday (1 = Monday .. 7 = Sunday).")
          .transform((d) => [...new Set(d)].sort()),
        from: ClockTime("from"),
        to: ClockTime("to"),
        timeZone: z.string("timeZone must be text").refine(isTimeZone, "timeZone must be an IANA time zone such as Europe/Berlin."),
        startsAt: Instant("startsAt").optional(),
        endsAt: Instant("endsAt").optional(),
        ...Common,
      })
      .strict()
      .refine((s) => s.from !== s.to, { message: "from and to must differ (to before from runs past midnight).", path: ["to"] }),
  ],
  { error: 'kind must be "once" (startsAt..endsAt) or "weekly" (weekdays, from, to, timeZone)' },
);
export type SilenceInput = z.infer<typeof SilenceInput>;

export const SilenceView = z.object({
  id: z.string(),
  kind: z.enum(["once", "weekly"]),
  state: z.enum(["pending", "active", "expired"]),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  weekdays: z.array(z.number()),
  from: z.string().nullable(),
  to: z.string().nullable(),
  timeZone: z.string().nullable(),
  matchers: SilenceMatchersInput,
  comment: z.string(),
  author: z.string(),
  createdAt: z.string(),
});
export type SilenceView = z.infer<typeof SilenceView>;
