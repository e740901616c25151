// From the event form's values to the API's body. Only what the user changed is sent, so saving
// an edit never rounds an event's seconds away, and a new event left at "now" is stamped by the
// server at the moment it is recorded.
import { validate, type FieldErrors } from "@/components/forms/validate";
import { CreateEventInput, UpdateEventInput, type EventView } from "@/lib/events/schemas";
import { toLocalInput } from "@/components/ui/custom-range-form";

export interface EventFormValues {
  type: string;
  title: string;
  /** datetime-local: wall-clock time in the browser's zone, no zone written. */
  at: string;
  backend: string;
  source: string;
}

/** datetime-local wants local wall-clock time without a zone: 2026-11-21T10:00. */
export function initialValues(event: EventView | null, nowMs: number): EventFormValues {
  if (!event) return { type: "deploy", title: "", at: toLocalInput(nowMs), backend: "", source: "" };
  return { type: event.type, title: event.title, at: toLocalInput(Date.parse(event.at)), backend: event.backend ?? "", source: event.sourceId ?? "" };
}

/** The form's inputs by name; a missing one (no radio checked) reads as empty. */
export function readEventForm(raw: Record<string, string>): EventFormValues {
  return { type: raw.type ?? "", title: raw.title ?? "", at: raw.at ?? "", backend: raw.backend ?? "", source: raw.source ?? "" };
}

function readAt(value: string): number | "invalid" {
  // The browser reads a zone-less date-time as its own local time, as the input shows it.
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : "invalid";
}

type Payload = { ok: true; body: Record<string, unknown> } | { ok: false; fields: FieldErrors };

export function createPayload(values: EventFormValues, initial: EventFormValues): Payload {
  const body: Record<string, unknown> = { type: values.type, title: values.title };
  let atError: string | null = null;
  if (values.at !== initial.at) {
    const at = readAt(values.at);
    if (at === "invalid") atError = "Enter a date and time, or keep the one given.";
    else body.at = at;
  }
  if (values.backend) body.backend = values.backend;
  if (values.source) body.source = values.source;
  return withAtError(validate(CreateEventInput, body), body, atError);
}

/** Every problem at once: a bad time does not hide a missing title or type. */
function withAtError(checked: ReturnType<typeof validate>, body: Record<string, unknown>, atError: string | null): Payload {
  if (checked.ok && atError === null) return { ok: true, body };
  const fields: FieldErrors = checked.ok ? {} : { ...checked.fields };
  if (atError !== null) fields.at = atError;
  return { ok: false, fields };
}

export function updatePayload(values: EventFormValues, initial: EventFormValues): Payload {
  const body: Record<string, unknown> = {};
  if (values.type !== initial.type) body.type = values.type;
  if (values.title !== initial.title) body.title = values.title;
  let atError: string | null = null;
  if (values.at !== initial.at) {
    const at = readAt(values.at);
    if (at === "invalid") atError = "Enter a date and time.";
    else body.at = at;
  }
  if (values.backend !== initial.backend) body.backend = values.backend || null;
  if (values.source !== initial.source) body.source = values.source || null;
  return withAtError(validate(UpdateEventInput, body), body, atError);
}
