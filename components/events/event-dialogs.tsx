"use client";
// Adding or editing an event: a dialog over the list, one call to the events API.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { EventView } from "@/lib/events/schemas";
import { callApi } from "@/components/forms/api";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues } from "@/components/forms/validate";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EventFields, type EventChoices } from "@/components/events/event-fields";
import { createPayload, initialValues, readEventForm, updatePayload, type EventFormValues } from "@/components/events/event-input";

export const eventPath = (id: string) => `/api/v1/events/${encodeURIComponent(id)}`;

interface FormDialogProps {
  /** null: a new event. */
  event: EventView | null;
  choices: EventChoices;
  onClose: () => void;
  onSaved: (message: string) => void;
}

/** Mounted only while open: each opening starts from the event (or from now) again. */
export function EventFormDialog({ event, choices, onClose, onSaved }: FormDialogProps) {
  const router = useRouter();
  const fb = useFormFeedback();
  const [initial] = useState<EventFormValues>(() => initialValues(event, Date.now()));
  // Closing goes through the native dialog first (so focus returns to the button that opened it),
  // then tells the parent, which unmounts this dialog.
  const [open, setOpen] = useState(true);
  useEffect(() => {
    if (!open) onClose();
  }, [open, onClose]);

  async function save(form: HTMLFormElement) {
    const values = readEventForm(formValues(form));
    const payload = event ? updatePayload(values, initial) : createPayload(values, initial);
    if (!payload.ok) return fb.fail(form, payload.fields);
    if (event && Object.keys(payload.body).length === 0) return setOpen(false);
    fb.clear();
    fb.setPending(true);
    const res = event ? await callApi<EventView>("PATCH", eventPath(event.id), payload.body) : await callApi<EventView>("POST", "/api/v1/events", payload.body);
    fb.setPending(false);
    if (!res.ok) return fb.fail(form, res.error.fields, res.error.message);
    setOpen(false);
    onSaved(event ? `Saved “${res.data.title}”.` : `Added the ${res.data.type} “${res.data.title}”. It is marked on the charts.`);
    router.refresh();
  }

  return (
    <ConfirmDialog
      open={open}
      tone="primary"
      title={event ? "Edit event" : "Add an event"}
      confirmLabel={event ? "Save event" : "Add event"}
      pending={fb.pending}
      error={fb.message}
      onConfirm={(form) => void save(form)}
      onClose={() => setOpen(false)}
      onInput={fb.onInput}
    >
      <EventFields initial={initial} fields={fb.fields} choices={choices} />
    </ConfirmDialog>
  );
}
