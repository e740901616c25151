import { defineConfig } from "prisma/config";

// Prisma's CLI is used for `generate` only (see scripts/prisma-generate.mjs); migrations are
// SQL files in Prisma's layout, applied by lib/db/migrator.ts through the app's own driver.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/originwatch" },
});
