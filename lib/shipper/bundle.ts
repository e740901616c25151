import "server-only";
// The standalone shipper: lib/cli/shipper-main.ts (the `originwatch ingest` command and
// lib/shipper/) bundled by esbuild into one ES module with no dependencies for Node 18+. Built
// from the sources on first request and kept in memory: the file a proxy host downloads is the
// same code the CLI runs, never a copy kept by hand.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { appVersion } from "@/lib/version";

export interface ShipperBundle {
  code: string;
  etag: string;
  version: string;
}

let pending: Promise<ShipperBundle> | undefined;

async function build(root: string): Promise<ShipperBundle> {
  // Loaded here, not at the top: esbuild is a native binary the server only needs for this file.
  const esbuild = await import("esbuild");
  const version = appVersion();
  const out = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, "lib/cli/shipper-main.ts")],
    tsconfig: join(root, "tsconfig.json"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    write: false,
    minify: false,
    legalComments: "none",
    logLevel: "silent",
    define: { "process.env.ORIGINWATCH_VERSION": JSON.stringify(version) },
    banner: {
      js: [
        "#!/usr/bin/env node",
        `// Origin Watch shipper ${version}: sends proxy logs to an Origin Watch server.`,
        "// Usage: node originwatch-shipper.mjs --url URL --token TOKEN [--follow] FILE...   (--help for more)",
        "// One file, no dependencies, Node.js 18 or newer. Built from the server's own CLI code (originwatch ingest).",
      ].join("\n"),
    },
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error("esbuild produced no output for the shipper");
  const code = file.text;
  return { code, version, etag: `"${createHash("sha256").update(code).digest("base64url").slice(0, 27)}"` };
}

/** The bundle, built once per process (a failed build is retried on the next request). */
export function shipperBundle(root: string): Promise<ShipperBundle> {
  pending ??= build(root).catch((e: unknown) => {
    pending = undefined;
    throw e;
  });
  return pending;
}
