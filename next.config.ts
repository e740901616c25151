import type { NextConfig } from "next";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time,
  // not bundled; the same for pg and Prisma's adapters.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "bcryptjs"],
  env: { ORIGINWATCH_VERSION: version },
  poweredByHeader: false,
  // NEXT_DIST_DIR (development only): a build folder other than .next, so that two test runs in
  // one checkout can build side by side without overwriting each other.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (app, lib, tests, scripts) as its own stage; the
  // build need not repeat it, and a test file's type error must never break `npm start`.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
