import { CheckboxField } from "@/components/forms/field";

/** Varnish only: the source declares that `varnishncsa -b` feeds it (lib/ingest/formats/varnish.ts). */
export function BackendSideField({ defaultChecked, error }: { defaultChecked?: boolean; error?: string }) {
  return (
    <CheckboxField
      label="Fed by varnishncsa -b (backend requests only)"
      name="backendSide"
      defaultChecked={defaultChecked}
      hint="For a format without %{Varnish:side}x: every line is then a backend fetch, and a 5xx with an empty %{VSL:FetchError}x is the origin's own (backend_error)."
      error={error}
    />
  );
}
