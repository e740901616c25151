import { z } from "zod";
import { TimeParam } from "@/lib/rollups/schemas";

export const EVENT_TYPES = ["deploy", "purge", "config", "note"] as const;
export const EventType = z.enum(EVENT_TYPES, { message: `type must be one of ${EVENT_TYPES.join(", ")}` });

/** How far ahead an event may be dated: clocks drift and time zones confuse, but a date further out is a typo. */
export const MAX_EVENT_AHEAD_MS = 24 * 3600_000;

const At = z
  .union([z.number().int().positive().max(8.64e15, "is past the last time a date can hold"), z.string().pipe(TimeParam)])
  .refine((ms) => ms <= Date.now() + MAX_EVENT_AHEAD_MS, {
    message: "is more than a day ahead: events mark what happened (add a planned deploy when it starts); check the year and time zone",
  })
  .describe("ISO-8601 or epoch milliseconds, at most a day ahead; default now");

export const CreateEventInput = z.object({
  type: EventType,
  title: z.string().trim().min(1, "Give the event a title.").max(200, "Use at most 200 characters."),
  at: At.optional(),
  backend: z.string().trim().min(1).max(200).optional(),
  source: z.string().trim().min(1).max(200).optional().describe("source id or name"),
});
export type CreateEventInput = z.infer<typeof CreateEventInput>;

// null (or "") clears the backend or the source: the event then marks every chart.
export const UpdateEventInput = z
  .object({
    type: EventType.optional(),
    title: CreateEventInput.shape.title.optional(),
    at: At.optional(),
    backend: z.string().trim().max(200).nullable().optional(),
    source: z.string().trim().max(200).nullable().optional().describe("source id or name; null clears it"),
  })
  .strict();

export const EventView = z.object({
  id: z.string(),
  type: EventType,
  title: z.string(),
  at: z.string(),
  backend: z.string().nullable(),
  sourceId: z.string().nullable(),
  demo: z.boolean(),
});
export type EventView = z.infer<typeof EventView>;

export const ListEventsQuery = z.object({ from: TimeParam, to: TimeParam, backend: z.string().optional() });

/** The events page: newest first over a range, optionally one type and one backend (plus global events). */
export const EventLogQuery = z.object({
  from: TimeParam,
  to: TimeParam,
  type: EventType.optional(),
  backend: z.string().trim().min(1).max(200).optional(),
});
export type EventLogQuery = z.infer<typeof EventLogQuery>;
