// The standalone shipper's entry: `node originwatch-shipper.mjs --url URL --token TOKEN [--follow]
// FILE...`. It is `originwatch ingest` (lib/cli/commands/ingest.ts and lib/shipper/) and nothing
// else, bundled into one file with no dependencies by lib/shipper/bundle.ts and served at
// GET /api/v1/shipper.mjs, so a proxy host needs only Node 18+ and this one file.
import { inspect } from "node:util";
import { EXIT, UsageError, formatCommandHelp, parseCommandLine, wantsHelp } from "@/lib/cli/args";
import { createContext } from "@/lib/cli/command";
import { installInterrupts } from "@/lib/cli/interrupts";
import { ingestCommand } from "@/lib/cli/commands/ingest";
import { isAppError } from "@/lib/errors/app-error";
import { appVersion } from "@/lib/version";

export const SHIPPER_INVOCATION = "node originwatch-shipper.mjs";
const NAME = "originwatch-shipper";

const interrupts = installInterrupts((code) => process.exit(code));

async function main(argv: string[]): Promise<number> {
  const ctx = createContext({ env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, interrupts });
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [major] = process.versions.node.split(".").map(Number);
  if ((major ?? 0) < 18) {
    ctx.err(`${NAME}: Node.js ${process.versions.node} is too old: install Node.js 18 or newer.`);
    return EXIT.failure;
  }
  try {
    if (args.includes("--version") || args.includes("-V")) {
      ctx.out(`${NAME} ${appVersion()}`);
      return EXIT.ok;
    }
    if (args.length === 0) {
      ctx.err(formatCommandHelp(ingestCommand.spec, SHIPPER_INVOCATION));
      return EXIT.usage;
    }
    if (wantsHelp(args)) {
      ctx.out(formatCommandHelp(ingestCommand.spec, SHIPPER_INVOCATION));
      return EXIT.ok;
    }
    const { options, positionals } = parseCommandLine(ingestCommand.spec, args);
    return await ingestCommand.run(ctx, options, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`${NAME}: ${e.message}`);
      ctx.err(`Run "${SHIPPER_INVOCATION} --help" for usage.`);
      return EXIT.usage;
    }
    if (isAppError(e)) {
      ctx.err(`${NAME}: ${e.message}`);
      return EXIT.failure;
    }
    ctx.err(`${NAME}: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    ctx.err(debug ? inspect(e) : "Run it again with --debug to see the details.");
    return EXIT.failure;
  }
}

const code = await main(process.argv.slice(2));
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
