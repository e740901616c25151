import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

interface Described {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  /** Adds "(optional)" to the label. */
  optional?: boolean;
}

function useDescribedIds(name: string, hint: ReactNode, error: string | undefined) {
  const base = `${useId()}-${name}`;
  const hintId = hint && !errorRepeatsHint(hint, error) ? `${base}-hint` : undefined;
  const errorId = error ? `${base}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return { inputId: base, hintId, errorId, describedBy };
}

function Label({ htmlFor, label, optional }: { htmlFor: string; label: string; optional?: boolean }) {
  return (
    <label htmlFor={htmlFor}>
      {label}
      {optional ? <span className="field-optional"> (optional)</span> : null}
    </label>
  );
}

const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** An error that already says what the hint says ("Use at least 10 characters." under "At least 10 characters."). */
export function errorRepeatsHint(hint: ReactNode, error: string | undefined): boolean {
  return typeof hint === "string" && error !== undefined && words(hint) !== "" && words(error).includes(words(hint));
}

function Messages({ hint, hintId, error, errorId }: { hint: ReactNode; hintId?: string; error?: string; errorId?: string }) {
  // While the error repeats the hint, only the error is shown (and read out).
  const showHint = hint && !errorRepeatsHint(hint, error);
  return (
    <>
      {showHint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

type TextFieldProps = Described & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function TextField({ label, name, error, hint, optional, className, ...input }: TextFieldProps) {
  const ids = useDescribedIds(name, hint, error);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <Label htmlFor={ids.inputId} label={label} optional={optional} />
      <input id={ids.inputId} name={name} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
      <Messages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}

type CheckboxFieldProps = Described & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "type">;

/** A checkbox with its label beside it; hint and error tied to it like the other fields'. */
export function CheckboxField({ label, name, error, hint, className, optional: _optional, ...input }: CheckboxFieldProps) {
  const ids = useDescribedIds(name, hint, error);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={ids.inputId}>
        <input id={ids.inputId} name={name} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} /> {label}
      </label>
      <Messages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}

type SelectFieldProps = Described &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id"> & { options: Array<{ value: string; label: string }> };

export function SelectField({ label, name, error, hint, optional, options, className, ...select }: SelectFieldProps) {
  const ids = useDescribedIds(name, hint, error);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <Label htmlFor={ids.inputId} label={label} optional={optional} />
      <select id={ids.inputId} name={name} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}

type TextAreaFieldProps = Described & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">;

/** A labelled multi-line box (format strings, snippets), described like TextField. */
export function TextAreaField({ label, name, error, hint, optional, className, ...area }: TextAreaFieldProps) {
  const ids = useDescribedIds(name, hint, error);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <Label htmlFor={ids.inputId} label={label} optional={optional} />
      <textarea id={ids.inputId} name={name} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...area} />
      <Messages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}
