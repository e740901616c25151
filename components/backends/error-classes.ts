// Probe error classes in words, with a colour and a marker shape each (the shape tells them apart
// where colour cannot). The first six and tls_error/dns_error are canonical causes, drawn in the causes' own colours
// (--cause-* in app/globals.css); the probe-only ones use --probe-* from backends.module.css.
import { PROBE_ERROR_CLASSES, type ProbeErrorClass } from "@/lib/probes/types";

export type MarkerShape = "circle" | "cross" | "diamond" | "square" | "star" | "triangle" | "wye";

interface ClassInfo {
  hint: string;
  color: string;
  shape: MarkerShape;
}

const INFO: Record<ProbeErrorClass, ClassInfo> = {
  backend_timeout: { hint: "Connected, but no answer (or the rest of it) came in time.", color: "var(--cause-backend_timeout)", shape: "triangle" },
  connect_timeout: { hint: "The TCP or TLS connection was not set up in time.", color: "var(--cause-connect_timeout)", shape: "diamond" },
  connect_refused: { hint: "Nothing listens on that port, or the host is unreachable.", color: "var(--cause-connect_refused)", shape: "cross" },
  backend_reset: { hint: "The origin closed or reset the connection mid-answer.", color: "var(--cause-backend_reset)", shape: "wye" },
  bad_response: { hint: "The answer could not be read as HTTP (or as the status page).", color: "var(--cause-bad_response)", shape: "square" },
  backend_error: { hint: "The origin answered with an error of its own.", color: "var(--cause-backend_error)", shape: "star" },
  tls_error: { hint: "The TLS handshake or the certificate failed.", color: "var(--cause-tls_error)", shape: "diamond" },
  dns_error: { hint: "The host name did not resolve.", color: "var(--cause-dns_error)", shape: "square" },
  unexpected_status: { hint: "An answer came, with a status the probe does not expect.", color: "var(--probe-unexpected_status)", shape: "circle" },
  body_mismatch: { hint: "The body did not contain what the probe looks for.", color: "var(--probe-body_mismatch)", shape: "star" },
  invalid_config: { hint: "The probe's own settings cannot be used; edit the probe.", color: "var(--probe-invalid_config)", shape: "wye" },
  auth_failed: { hint: "The database or cache refused the probe's credentials; fix the probe's user or password.", color: "var(--probe-auth_failed)", shape: "cross" },
};

const isKnown = (c: string): c is ProbeErrorClass => (PROBE_ERROR_CLASSES as readonly string[]).includes(c);

export function errorClassInfo(errorClass: string): ClassInfo {
  return isKnown(errorClass) ? INFO[errorClass] : { hint: "Not a class this version knows.", color: "var(--text-muted)", shape: "circle" };
}
