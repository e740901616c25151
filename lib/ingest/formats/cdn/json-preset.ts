// A CDN that ships JSON records gets a JSON field mapping as its preset. The user's own mapping
// (the source's format) is laid over the preset key by key, so renaming one field does not mean
// restating the others; fields the user did not select are simply absent from the records.
import type { TextFormatOptions } from "@/lib/ingest/formats/engine";
import { compileJsonMapping, readMapping, type JsonFieldMapping } from "@/lib/ingest/formats/json";
import type { CdnKind, CompiledParser } from "@/lib/ingest/types";

export function compileJsonPreset(kind: CdnKind, preset: JsonFieldMapping, format: string | undefined, options: TextFormatOptions): CompiledParser {
  const own = format && format.trim() ? readMapping(format, kind) : undefined;
  return compileJsonMapping(kind, own ? { ...preset, ...own } : preset, options);
}
