// Getting a chart out of the page: its numbers as CSV, its picture as PNG. Both happen in the
// browser (no server round trip, no extra package): a Blob and a temporary link.

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A file-name-safe stamp: 2026-11-21T10-00Z. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/:/g, "-") + "Z";
}

// Properties that decide how an SVG element looks. Recharts sets colours as CSS variables
// (var(--cause-...)), which mean nothing once the SVG is an image outside the page: copy the
// computed values onto the clone instead.
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
];

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";");
  target.setAttribute("style", style);
  const s = source.children;
  const t = target.children;
  for (let i = 0; i < s.length && i < t.length; i++) inlineStyles(s[i]!, t[i]!);
}

/** A CSS colour (possibly var(...)) as the page currently resolves it. */
export function resolveColor(context: Element, color: string): string {
  const probe = document.createElement("span");
  probe.style.color = color;
  probe.style.display = "none";
  context.appendChild(probe);
  const out = getComputedStyle(probe).color;
  probe.remove();
  return out;
}

export interface PngOptions {
  title: string;
  subtitle?: string;
  /** Lines under the subtitle: the range, the time zone, the filters (export-caption.tsx). */
  caption?: string[];
  legend: Array<{ label: string; color: string; dashed?: boolean }>;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("The chart could not be drawn as an image."));
    img.src = src;
  });
}

/** The chart's SVG, with a title above and its legend below, on the theme's background. */
export async function chartToPng(svg: SVGSVGElement, opts: PngOptions): Promise<Blob> {
  const box = svg.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const height = Math.ceil(box.height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  const xml = new XMLSerializer().serializeToString(clone);
  const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`);

  const page = getComputedStyle(svg);
  const bg = resolveColor(svg.parentElement ?? document.body, "var(--surface)");
  const text = resolveColor(svg.parentElement ?? document.body, "var(--text)");
  const muted = resolveColor(svg.parentElement ?? document.body, "var(--text-muted)");
  const font = page.fontFamily || "system-ui, sans-serif";
  const pad = 16;
  const captionLines = opts.caption ?? [];
  const headerH = (opts.subtitle ? 48 : 32) + captionLines.length * 17;

  // Lay the legend out in rows first, to know the canvas height.
  const measure = document.createElement("canvas").getContext("2d")!;
  measure.font = `12px ${font}`;
  const items: Array<{ x: number; row: number; label: string; color: string; dashed?: boolean }> = [];
  let x = pad;
  let row = 0;
  for (const item of opts.legend) {
    const w = 18 + measure.measureText(item.label).width + 16;
    if (x + w > width + pad && x > pad) {
      row += 1;
      x = pad;
    }
    items.push({ x, row, label: item.label, color: resolveColor(svg.parentElement ?? document.body, item.color), dashed: item.dashed });
    x += w;
  }
  const legendH = opts.legend.length ? (row + 1) * 20 + 8 : 0;

  const scale = Math.max(2, window.devicePixelRatio || 1);
  const canvas = document.createElement("canvas");
  canvas.width = (width + pad * 2) * scale;
  canvas.height = (height + headerH + legendH + pad * 2) * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(scale, scale);
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, width + pad * 2, height + headerH + legendH + pad * 2);
  ctx.fillStyle = text;
  ctx.font = `600 15px ${font}`;
  ctx.textBaseline = "top";
  ctx.fillText(opts.title, pad, pad);
  if (opts.subtitle) {
    ctx.fillStyle = muted;
    ctx.font = `12px ${font}`;
    ctx.fillText(opts.subtitle, pad, pad + 21);
  }
  ctx.fillStyle = muted;
  ctx.font = `12px ${font}`;
  captionLines.forEach((line, i) => ctx.fillText(line, pad, pad + (opts.subtitle ? 38 : 21) + i * 17));
  ctx.drawImage(img, pad, pad + headerH, width, height);
  ctx.font = `12px ${font}`;
  ctx.textBaseline = "middle";
  for (const item of items) {
    const y = pad + headerH + height + 12 + item.row * 20;
    if (item.dashed) {
      // A dashed line in the legend for a dashed line in the chart (timeouts), not a square.
      ctx.strokeStyle = item.color;
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 2]);
      ctx.beginPath();
      ctx.moveTo(item.x, y);
      ctx.lineTo(item.x + 12, y);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      ctx.fillStyle = item.color;
      ctx.fillRect(item.x, y - 5, 10, 10);
    }
    ctx.fillStyle = text;
    ctx.fillText(item.label, item.x + 16, y);
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("The browser could not encode the PNG."))), "image/png"));
}
