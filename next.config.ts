import type { NextConfig } from "next";
import { readFileSync } from "node:fs";
import { STATIC_HEADERS } from "./lib/security/headers";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time,
  // not bundled; the same for pg and Prisma's adapters.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "mysql2", "@prisma/adapter-pg", "bcryptjs", "esbuild"],
  env: { ORIGINWATCH_VERSION: version },
  poweredByHeader: false,
  // NEXT_DIST_DIR (development only): a build folder other than .next, so that two test runs in
  // one checkout can build side by side without overwriting each other.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (app, lib, tests, scripts) as its own stage; the
  // build need not repeat it, and a test file's type error must never break `npm start`.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // Security headers for everything: API answers, assets, files. Pages get theirs (with a
  // per-request nonce in the policy) from proxy.ts, which replaces these on page responses.
  // Fixed at build time, so nothing here may depend on the environment (HSTS is per page).
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(STATIC_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
