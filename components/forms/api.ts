// The browser's one way to call the JSON API: fetch, then either the parsed answer or a failure
// with a message and per-field messages ({error: {code, message, fields?, requestId}} on the wire).

export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  /** Field path -> the first message for it, ready to show beside the input. */
  fields: Record<string, string>;
  requestId?: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

interface WireError {
  error?: { code?: unknown; message?: unknown; fields?: unknown; requestId?: unknown };
}

export function fieldMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!item || typeof item !== "object") continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof path === "string" && typeof message === "string" && !(path in out)) out[path] = message;
  }
  return out;
}

function failure(status: number, body: unknown): ApiFailure {
  const err = (body as WireError | null)?.error;
  const fields = fieldMap(err?.fields);
  const serverMessage = typeof err?.message === "string" ? err.message : undefined;
  return {
    status,
    code: typeof err?.code === "string" ? err.code : "http_" + status,
    // A validation answer's message lists every field; the fields themselves show beside the inputs.
    message:
      Object.keys(fields).length > 0 && err?.code === "bad_request"
        ? "Check the highlighted fields."
        : (serverMessage ?? `The server answered ${status}. Try again.`),
    fields,
    requestId: typeof err?.requestId === "string" ? err.requestId : undefined,
  };
}

export async function callApi<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, error: { status: 0, code: "network", message: "Could not reach Origin Watch. Check your connection and try again.", fields: {} } };
  }
  let parsed: unknown = null;
  const text = await res.text().catch(() => "");
  if (text) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = null;
    }
  }
  if (!res.ok) return { ok: false, error: failure(res.status, parsed) };
  return { ok: true, data: parsed as T };
}
