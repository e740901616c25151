// A strict reader of Prometheus text exposition format 0.0.4 for tests: it throws on anything a
// scraper would reject (a sample before its TYPE, a bad name, a malformed label or value, a
// duplicate series, histogram buckets that are not cumulative or disagree with _count).
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  help: string;
  type: string;
  samples: ParsedSample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";

function parseLabels(text: string, line: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(text.slice(i));
    if (!m) throw new Error(`bad label at ${JSON.stringify(text.slice(i))} in ${line}`);
    i += m[0].length;
    let value = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`unterminated label value in ${line}`);
      if (c === '"') break;
      if (c === "\\") {
        const n = text[i + 1];
        if (n === "\\") value += "\\";
        else if (n === '"') value += '"';
        else if (n === "n") value += "\n";
        else throw new Error(`bad escape \\${n} in ${line}`);
        i += 2;
      } else {
        if (c === "\n") throw new Error(`raw newline in a label value in ${line}`);
        value += c;
        i += 1;
      }
    }
    i += 1;
    if (m[1]! in out) throw new Error(`label ${m[1]} twice in ${line}`);
    out[m[1]!] = value;
    if (text[i] === ",") i += 1;
    else if (i < text.length) throw new Error(`expected , after a label in ${line}`);
  }
  return out;
}

function parseValue(v: string, line: string): number {
  if (v === "+Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  if (v === "NaN") return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`bad value ${v} in ${line}`);
  return Number(v);
}

const familyOf = (name: string, families: Map<string, ParsedFamily>): string | undefined => {
  if (families.has(name)) return name;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : null;
    if (base && families.get(base)?.type === "histogram") return base;
  }
  return undefined;
};

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const families = new Map<string, ParsedFamily>();
  const seen = new Set<string>();
  const help = new Map<string, string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("#")) {
      const m = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line);
      if (!m) throw new Error(`bad comment line ${line}`);
      if (m[1] === "HELP") help.set(m[2]!, m[3]!);
      else {
        if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(m[3]!)) throw new Error(`bad type in ${line}`);
        if (families.has(m[2]!)) throw new Error(`TYPE twice for ${m[2]}`);
        families.set(m[2]!, { help: help.get(m[2]!) ?? "", type: m[3]!, samples: [] });
      }
      continue;
    }
    const m = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (!m) throw new Error(`bad sample line ${JSON.stringify(line)}`);
    const family = familyOf(m[1]!, families);
    if (!family) throw new Error(`sample ${m[1]} before its TYPE`);
    const labels = parseLabels(m[2] ?? "", line);
    const key = `${m[1]}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series ${line}`);
    seen.add(key);
    families.get(family)!.samples.push({ name: m[1]!, labels, value: parseValue(m[3]!, line) });
  }
  for (const [name, f] of families) {
    if (f.type === "counter" && !name.endsWith("_total")) throw new Error(`counter ${name} does not end in _total`);
    if (f.type !== "histogram") continue;
    const series = new Map<string, ParsedSample[]>();
    for (const s of f.samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le, ...rest } = s.labels;
      if (le === undefined) throw new Error(`${name}_bucket without le`);
      const k = JSON.stringify(Object.entries(rest).sort());
      series.set(k, [...(series.get(k) ?? []), s]);
    }
    for (const [k, buckets] of series) {
      const sorted = [...buckets].sort((a, b) => parseValue(a.labels.le!, "") - parseValue(b.labels.le!, ""));
      sorted.forEach((b, i) => {
        if (i > 0 && b.value < sorted[i - 1]!.value) throw new Error(`${name} buckets not cumulative for ${k}`);
      });
      const inf = sorted.at(-1)!;
      if (inf.labels.le !== "+Inf") throw new Error(`${name} has no +Inf bucket for ${k}`);
      const count = f.samples.find((s) => s.name === `${name}_count` && JSON.stringify(Object.entries(s.labels).sort()) === k);
      if (!count || count.value !== inf.value) throw new Error(`${name}_count disagrees with its +Inf bucket for ${k}`);
    }
  }
  return families;
}

/** The value of one series, or undefined. */
export function sampleValue(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string>): number | undefined {
  for (const f of families.values()) {
    const s = f.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v) && Object.keys(x.labels).length === Object.keys(labels).length);
    if (s) return s.value;
  }
  return undefined;
}
