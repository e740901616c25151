// The JavaScript the overview ships, gzip-compressed as a server would send it: the scripts the
// page's HTML loads (first load), then whatever a real browser fetches after hydration (lazy
// chunks such as Recharts, loaded by next/dynamic). Files are read from the build folder.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface JsChunk {
  path: string;
  bytes: number;
  gzipBytes: number;
  label: string;
}

export interface JsFigures {
  firstLoad: JsChunk[];
  lazy: JsChunk[];
  /** How the lazy chunks were found, or why they were not. */
  lazyNote: string;
}

function chunk(distDir: string, urlPath: string): JsChunk | null {
  const rel = decodeURIComponent(urlPath.replace(/^\/_next\//, "").split("?")[0]!);
  const file = join(distDir, rel);
  if (!existsSync(file)) return null;
  const body = readFileSync(file);
  const text = body.toString("utf8");
  const label = /recharts/i.test(text) ? "recharts" : rel.includes("/app/") ? "page" : "shared";
  return { path: rel, bytes: body.length, gzipBytes: gzipSync(body).length, label };
}

export async function overviewJs(baseUrl: string, cookie: string, distDir: string, pagePath: string): Promise<JsFigures> {
  const html = await (await fetch(`${baseUrl}${pagePath}`, { headers: { cookie } })).text();
  // `noModule` scripts (Next's polyfills for browsers without ES modules) are never fetched by
  // a browser that runs the app: they are not part of what the overview ships to one.
  const tags = [...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"[^>]*>/g)].filter((m) => !/\snomodule\b/i.test(m[0]));
  const srcs = tags.map((m) => m[1]!.replace(/&amp;/g, "&"));
  const firstPaths = [...new Set(srcs.filter((s) => s.startsWith("/_next/")))];
  const firstLoad = firstPaths.map((p) => chunk(distDir, p)).filter((c) => c !== null);

  let lazy: JsChunk[] = [];
  let lazyNote = "";
  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    lazyNote = `no Chromium at ${executablePath} (set CHROMIUM_PATH): lazy chunks not measured`;
  } else {
    const { chromium } = await import("@playwright/test");
    const browser = await chromium.launch({ executablePath });
    try {
      const context = await browser.newContext();
      await context.addCookies(
        cookie.split("; ").map((c) => {
          const i = c.indexOf("=");
          return { name: c.slice(0, i), value: c.slice(i + 1), url: baseUrl };
        }),
      );
      const page = await context.newPage();
      const seen = new Set<string>();
      page.on("request", (r) => {
        const u = new URL(r.url());
        if (u.pathname.endsWith(".js") && u.pathname.startsWith("/_next/")) seen.add(u.pathname);
      });
      await page.goto(`${baseUrl}${pagePath}`, { waitUntil: "networkidle" });
      // The charts mount on the client; give their chunks time to arrive.
      await page.waitForSelector(".recharts-wrapper", { timeout: 20_000 }).catch(() => undefined);
      await page.waitForLoadState("networkidle");
      const first = new Set(firstPaths.map((p) => new URL(p, baseUrl).pathname));
      lazy = [...seen].filter((p) => !first.has(p)).map((p) => chunk(distDir, p)).filter((c) => c !== null);
      lazyNote = "loaded by Chromium after the HTML's scripts";
    } finally {
      await browser.close();
    }
  }
  return { firstLoad, lazy, lazyNote };
}
