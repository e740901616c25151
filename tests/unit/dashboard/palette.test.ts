// One meaning per colour, and words for every cause: the palette tokens in app/globals.css and the
// label table in lib/ingest/cause-labels.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CAUSE_HINT, CAUSE_LABEL, causeLabel, causeTitle } from "@/lib/ingest/cause-labels";
import { CAUSE_IDS } from "@/lib/ingest/types";
import { MAX_BACKEND_LINES, STATUS_CLASSES, backendColors, causeColor, statusClassColor } from "@/components/charts/palette";

const css = readFileSync(join(process.cwd(), "app/globals.css"), "utf8");
const block = (selector: string) => {
  const at = css.indexOf(`${selector} {`);
  assert.ok(at >= 0, `${selector} in globals.css`);
  return css.slice(at, css.indexOf("}", at));
};
const tokens = (text: string) => new Map([...text.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
const light = tokens(block(":root"));
// The dark theme overrides some tokens; the rest are the light ones.
const dark = new Map([...light, ...tokens(block(':root[data-theme="dark"]'))]);

const families = (theme: Map<string, string>) => ({
  cause: CAUSE_IDS.map((c) => theme.get(`cause-${c}`)),
  status: STATUS_CLASSES.map((k) => theme.get(`status-${k}`)),
  backend: Array.from({ length: MAX_BACKEND_LINES }, (_, i) => theme.get(`series-${i}`)),
});

function hueSat(hex: string): { h: number; s: number } {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const l = (max + min) / 2;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d > 0) h = max === r ? 60 * (((g - b) / d) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
  return { h: (h + 360) % 360, s };
}

for (const [name, theme] of [["light", light], ["dark", dark]] as const) {
  test(`palette (${name}): every cause, status class and backend slot has its own colour, no family shares one`, () => {
    const f = families(theme);
    for (const [family, colors] of Object.entries(f)) {
      colors.forEach((c, i) => assert.ok(c, `${family} #${i} has a colour`));
      assert.equal(new Set(colors).size, colors.length, `${family}: colours are distinct (${colors.join(" ")})`);
    }
    const owner = new Map<string, string>();
    for (const [family, colors] of Object.entries(f)) {
      for (const c of colors) {
        assert.ok(!owner.has(c!) || owner.get(c!) === family, `${c} means both a ${owner.get(c!)} and a ${family}`);
        owner.set(c!, family);
      }
    }
  });

  test(`palette (${name}): no cause is green`, () => {
    CAUSE_IDS.forEach((cause) => {
      const { h, s } = hueSat(theme.get(`cause-${cause}`)!);
      assert.ok(s < 0.2 || h < 70 || h > 170, `${cause} (${theme.get(`cause-${cause}`)}, hue ${Math.round(h)}°) reads as green`);
    });
  });
}

test("palette: colours are CSS variables per family; unknown keys fall back", () => {
  assert.equal(causeColor("connect_refused"), "var(--cause-connect_refused)");
  assert.equal(causeColor("made_up"), "var(--cause-unknown)");
  assert.equal(statusClassColor("5xx"), "var(--status-5xx)");
  const colorOf = backendColors(["shop", "api", "search"]);
  assert.deepEqual(["api", "search", "shop"].map(colorOf), ["var(--series-0)", "var(--series-1)", "var(--series-2)"], "name order, stable");
});

test("cause labels: every cause in words, distinct, with its id and meaning in the tooltip", () => {
  const labels = CAUSE_IDS.map((c) => CAUSE_LABEL[c]);
  assert.equal(new Set(labels).size, labels.length, "no two causes read the same");
  for (const c of CAUSE_IDS) {
    assert.ok(CAUSE_LABEL[c].length > 3 && !CAUSE_LABEL[c].includes("_"), `${c} reads in words: ${CAUSE_LABEL[c]}`);
    assert.ok(CAUSE_HINT[c].endsWith("."), c);
    assert.equal(causeTitle(c), `${c}: ${CAUSE_HINT[c]}`);
  }
  assert.equal(causeLabel("backend_timeout"), "Timed out waiting for the first byte");
  assert.equal(causeLabel("not_a_cause"), "not_a_cause");
});
