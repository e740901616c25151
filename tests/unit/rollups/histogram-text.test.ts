// The open rows' latency histograms are read from jsonb's text without JSON.parse
// (lib/rollups/histogram-text.ts): whatever the text, the sums must be what parsing it gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addHistogramText, forEachCount, newHistogramSum } from "@/lib/rollups/histogram-text";

/** The sums the way they were made before: JSON.parse, then each key added into an object. */
function parsed(texts: string[], prefix: string): Array<[string, number]> {
  const into: Record<string, number> = {};
  for (const text of texts) {
    const hist = JSON.parse(text) as Record<string, unknown>;
    for (const k in hist) into[k] = (into[k] ?? 0) + Number(hist[k]);
  }
  return Object.entries(into).map(([k, v]) => [prefix + k, v] as [string, number]).sort(([a], [b]) => a.localeCompare(b));
}

function scanned(texts: string[], prefix: string): Array<[string, number]> {
  const sum = newHistogramSum();
  for (const text of texts) addHistogramText(text, sum);
  const out: Array<[string, number]> = [];
  forEachCount(sum, prefix, (k, v) => out.push([k, v]));
  return out.sort(([a], [b]) => a.localeCompare(b));
}

test("jsonb's own output: the same sums, in index order", () => {
  const texts = ['{"40": 5, "41": 3}', '{"0": 1, "41": 2, "165": 7}', "{}", '{"40": 0}'];
  assert.deepEqual(scanned(texts, "h"), parsed(texts, "h"));
  const order: string[] = [];
  const sum = newHistogramSum();
  for (const text of texts) addHistogramText(text, sum);
  forEachCount(sum, "", (k) => order.push(k));
  assert.deepEqual(order, ["0", "40", "41", "165"], "a key present with a zero count is still a key");
});

test("anything else gives what JSON.parse gives", () => {
  const odd = [
    '{"7":2.5,"8":1e3}', // no spaces, fractions and exponents
    '{"07": 1, "7": 1}', // a key that is not an index's own text
    '{"200": 4, "-1": 1, "x": 2}', // out of range, negative, not a number
    '{"9": "3", "10": null, "11": true}', // values that are not numbers
    '{ "12" : 1 }', // spaces where jsonb writes none
    '{"13": 1, "13": 2}', // a repeated key: the last one counts
    '{"14": -2, "15": 1.7976931348623157e308}',
  ];
  for (const text of odd) assert.deepEqual(scanned([text], ""), parsed([text], ""), text);
  assert.deepEqual(scanned(odd, "h"), parsed(odd, "h"), "all of them together");
});

test("random histograms, as jsonb writes them", () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 200; round++) {
    const texts: string[] = [];
    for (let r = 0; r < 5; r++) {
      const keys = [...new Set(Array.from({ length: Math.floor(random() * 20) }, () => Math.floor(random() * 166)))].sort((a, b) => String(a).length - String(b).length || String(a).localeCompare(String(b)));
      texts.push(`{${keys.map((k) => `"${k}": ${Math.floor(random() * 1000)}`).join(", ")}}`);
    }
    assert.deepEqual(scanned(texts, "h"), parsed(texts, "h"), texts.join(" "));
  }
});

test("flat count maps (statuses, causes) give what JSON.parse gives", async () => {
  const { addCountsText } = await import("@/lib/rollups/histogram-text");
  const read = (texts: string[], how: "scan" | "parse") => {
    const into = new Map<string, number>();
    for (const text of texts) {
      if (how === "scan") addCountsText(text, into);
      else for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>)) into.set(k, (into.get(k) ?? 0) + Number(v));
    }
    return [...into].sort(([a], [b]) => a.localeCompare(b));
  };
  const cases = [
    ['{"200": 5, "304": 3}', '{"200": 1, "503": 2}', "{}"],
    ['{"backend_timeout": 3, "connect_refused": 1}', '{"backend_timeout": -1, "unknown": 0}'],
    ['{"a,b": 1, "c": 2}', '{"q\\"uote": 4}', '{"x": "7", "y": null, "z": 1e2}', '{"d": 1, "d": 5}', '{"nested": {"a": 1, "b": 2}, "e": 3}'],
    ['{"é": 2, "": 1}', '{"200":5,"404":1}'],
  ];
  for (const texts of cases) assert.deepEqual(read(texts, "scan"), read(texts, "parse"), texts.join(" "));
});
