// One entry point for the import preview: picks the parser, bounds the input, and guarantees an
// answer (never a throw) so the API can show the user whatever was understood.
import { parseHaproxy } from "./haproxy";
import { parseNginx } from "./nginx";
import { ImportKind, type ImportNote, type ImportPreview } from "./types";
import { parseVcl } from "./vcl";

export { parseHaproxy } from "./haproxy";
export { parseNginx } from "./nginx";
export { parseVcl } from "./vcl";
export * from "./types";

/** Configs larger than this are refused: real proxy configs are far smaller. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

const PARSERS: Record<ImportKind, (text: string) => ImportPreview> = {
  vcl: parseVcl,
  haproxy: parseHaproxy,
  nginx: parseNginx,
};

const refuse = (message: string): ImportPreview => ({ backends: [], notes: [{ level: "error", line: 0, message }] });

export function parseBackendConfig(kind: ImportKind, text: string): ImportPreview {
  const known = ImportKind.safeParse(kind);
  if (!known.success) return refuse(`unknown config kind; expected one of ${ImportKind.options.join(", ")}`);
  if (typeof text !== "string") return refuse("the config must be text");
  if (tooLarge(text)) return refuse(`the config is larger than ${MAX_IMPORT_BYTES} bytes (1 MB); import it in parts`);
  // No proxy config contains NUL; this is an uploaded binary, not a config file.
  if (text.includes("\u0000")) return refuse("the input contains NUL bytes; it looks like a binary file, not a config");
  let preview: ImportPreview;
  try {
    preview = PARSERS[known.data](text.replace(/^\uFEFF/, ""));
  } catch {
    // A parser bug must not take the request down; the message stays generic on purpose.
    return refuse("the config could not be read because of an internal error in the importer");
  }
  const notes = [...preview.notes];
  if (preview.backends.length === 0 && !notes.some((n) => n.level === "error")) {
    notes.push({ level: "warning", line: 0, message: "no backends found" });
  }
  return { backends: preview.backends, notes: sortNotes(notes) };
}

// Notes read top to bottom like the file; whole-input notes (line 0) come first.
function sortNotes(notes: ImportNote[]): ImportNote[] {
  return notes
    .map((note, index) => ({ note, index }))
    .sort((a, b) => a.note.line - b.note.line || (a.note.column ?? 0) - (b.note.column ?? 0) || a.index - b.index)
    .map((x) => x.note);
}

function tooLarge(text: string): boolean {
  // Each UTF-16 code unit needs at least one UTF-8 byte, so most inputs are decided without encoding.
  if (text.length > MAX_IMPORT_BYTES) return true;
  if (text.length * 3 <= MAX_IMPORT_BYTES) return false;
  return new TextEncoder().encode(text).length > MAX_IMPORT_BYTES;
}
