"use client";
import { useCallback, useState, type FormEvent } from "react";
import { focusFirstError, type FieldErrors } from "@/components/forms/validate";

/** Field messages, a form-level message and a pending flag: the state every form here shares. */
export function useFormFeedback() {
  const [fields, setFields] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  // Typing into a field clears its message; the rest stay until the next submit.
  const onInput = useCallback((e: FormEvent<HTMLFormElement>) => {
    const name = (e.target as { name?: unknown }).name;
    if (typeof name !== "string" || !name) return;
    setFields((prev) => {
      if (!(name in prev)) return prev;
      const next = { ...prev };
      delete next[name];
      return next;
    });
  }, []);

  const fail = useCallback((form: HTMLFormElement | null, nextFields: FieldErrors, nextMessage: string | null = null) => {
    setFields(nextFields);
    setMessage(nextMessage);
    // After React has rendered the messages, so the focused input announces its description.
    if (form) requestAnimationFrame(() => focusFirstError(form, nextFields));
  }, []);

  const clear = useCallback(() => {
    setFields({});
    setMessage(null);
  }, []);

  return { fields, message, pending, setPending, onInput, fail, clear };
}
