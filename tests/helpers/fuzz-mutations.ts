// Mutated request parts for the route fuzzer (tests/integration/security/fuzz-routes.test.ts):
// bodies, query strings and path parameters a hostile or broken client could send. Everything
// is drawn from a seeded generator, so a failing run can be replayed exactly.

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface BodyMutation {
  label: string;
  body: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  contentEncoding?: string;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
  default?: unknown;
};

/** A plausible value for a JSON schema (the zod-made input schemas of the OpenAPI document). */
export function example(schema: JsonSchema | undefined, tag: string, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return example(alt.find((s) => s.type !== "null") ?? alt[0], tag, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      if (schema.format === "date-time") return new Date().toISOString();
      if (schema.format === "email") return `${tag}@example.com`;
      return `${tag}`.padEnd(Math.max(schema.minLength ?? 0, tag.length), "x");
    case "number":
    case "integer":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      return schema.minItems ? [example(schema.items, tag, depth + 1)] : [];
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, example(v, `${tag}-${k}`, depth + 1)]));
    default:
      return schema.default ?? null;
  }
}

const DEPTH = 10_000;
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p)] : p)));

/** Values to put in one field in place of what the schema wants. */
export const FIELD_VALUES: [string, unknown][] = [
  ["null", null],
  ["huge number", 1e308],
  ["negative", -1],
  ["fraction", 1.5],
  ["unsafe integer", 2 ** 60],
  ["boolean", true],
  ["empty string", ""],
  ["NUL", "a\u0000b"],
  ["lone surrogate", "a\ud800b"],
  ["long string", "x".repeat(200_000)],
  ["array", ["a", 1, null]],
  ["object", { a: { b: "c" } }],
  ["nested 100", JSON.parse("[".repeat(100) + "]".repeat(100)) as unknown],
  ["percent text", "%00%ZZ%E0%A4%A"],
  ["sql text", "' OR '1'='1'; --"],
  ["control chars", "\u0001\u001b[31m\u007f"],
];

/** Whole-body mutations, most of them the same for every route. */
export function bodyMutations(base: unknown): BodyMutation[] {
  const baseText = JSON.stringify(base ?? {});
  return [
    { label: "valid-ish", body: baseText },
    { label: "empty", body: "" },
    { label: "whitespace", body: "  \n " },
    { label: "not json", body: "this is not json" },
    { label: "truncated json", body: baseText.slice(0, Math.max(1, baseText.length - 1)) },
    { label: "json null", body: "null" },
    { label: "json number", body: "12" },
    { label: "json string", body: '"text"' },
    { label: "json array", body: "[]" },
    { label: "json 1e400", body: "1e400" },
    { label: "NUL raw", body: "\u0000" },
    { label: "NUL escaped in object", body: '{"a":"\\u0000"}' },
    { label: "invalid utf-8 in a string", body: bytes('{"name":"a', [0xc3, 0x28, 0xff, 0xfe], '"}') },
    { label: "invalid utf-8 alone", body: bytes([0xff, 0xfe, 0xfd]) },
    { label: "utf-16 BOM", body: bytes([0xff, 0xfe], "{") },
    { label: `${DEPTH} nested arrays`, body: "[".repeat(DEPTH) + "]".repeat(DEPTH) },
    { label: `${DEPTH} nested objects`, body: '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH) },
    { label: "unclosed nesting", body: "[".repeat(DEPTH) },
    { label: "as text/plain", body: baseText, contentType: "text/plain" },
    { label: "as form", body: "a=b&c=%00", contentType: "application/x-www-form-urlencoded" },
    { label: "bad gzip", body: bytes([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]), contentEncoding: "gzip" },
    { label: "many keys", body: JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))) },
    { label: "big array", body: JSON.stringify(Array.from({ length: 50_000 }, (_, i) => i)) },
  ];
}

/** One field at a time replaced by each of FIELD_VALUES (plus the field removed). */
export function fieldMutations(base: unknown): BodyMutation[] {
  if (!base || typeof base !== "object" || Array.isArray(base)) return [];
  const out: BodyMutation[] = [];
  for (const key of Object.keys(base)) {
    const { [key]: _dropped, ...without } = base as Record<string, unknown>;
    out.push({ label: `${key} missing`, body: JSON.stringify(without) });
    for (const [label, value] of FIELD_VALUES) out.push({ label: `${key}=${label}`, body: JSON.stringify({ ...base, [key]: value }) });
    out.push({ label: `${key}=invalid utf-8`, body: bytes(JSON.stringify({ ...base, [key]: "@@" }).replace('"@@"', '"'), [0xe0, 0xa4], '"') });
  }
  out.push({ label: "unknown key", body: JSON.stringify({ ...base, ["__proto__"]: { polluted: true }, constructor: "x" }) });
  return out;
}

/** Raw (already percent-encoded, or deliberately broken) values for a query parameter. */
export const QUERY_VALUES: [string, string][] = [
  ["NUL", "%00"],
  ["NUL inside", "a%00b"],
  ["broken %ZZ", "%ZZ"],
  ["truncated utf-8", "%E0%A4%A"],
  ["lone %", "%"],
  ["invalid utf-8", "%C3%28"],
  ["long", "x".repeat(6_000)],
  ["negative", "-1"],
  ["zero", "0"],
  ["1e309", "1e309"],
  ["huge integer", "99999999999999999999999"],
  ["words", "abc"],
  ["bad date", "2026-13-45T99:99:99Z"],
  ["epoch 0", "1970-01-01T00:00:00Z"],
  ["far future", "9999-12-31T23:59:59Z"],
  ["empty", ""],
  ["plus signs", "+%2B+"],
  ["sql", "'%20OR%201=1--"],
];

/** Raw values for a path parameter. */
export const PATH_VALUES: [string, string][] = [
  ["NUL", "%00"],
  ["NUL inside", "a%00b"],
  ["broken %ZZ", "%ZZ"],
  ["truncated utf-8", "%E0%A4%A"],
  ["lone %", "%"],
  ["invalid utf-8", "%C3%28"],
  ["overlong utf-8", "%C0%AF"],
  ["long id", "x".repeat(2_000)],
  ["very long id", "y".repeat(12_000)],
  ["dot dot", "%2e%2e"],
  ["encoded slash", "a%2Fb"],
  ["unicode", "caf%C3%A9"],
  ["negative", "-1"],
  ["zero", "0"],
  ["null word", "null"],
  ["sql", "'%20OR%201=1--"],
];
