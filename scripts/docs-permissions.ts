// Writes docs/permissions.md from the permission matrix (lib/auth/access-matrix.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderPermissionsDoc } from "@/lib/auth/access-matrix";

const out = join(import.meta.dirname, "../docs/permissions.md");
writeFileSync(out, renderPermissionsDoc());
console.log(`wrote ${out}`);
