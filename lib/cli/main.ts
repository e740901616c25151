// The CLI's process entry. bin/originwatch.mjs loads it through tsx after preparing the process
// (repo root as working folder, Prisma client generated); `tsx lib/cli/main.ts` works as well.
import { closeOpenDatabase } from "@/lib/cli/database";
import { installInterrupts } from "@/lib/cli/interrupts";
import { runCli } from "@/lib/cli/run";

// The first signal goes to a command that claimed it; otherwise close the database (releasing the
// embedded lock) and end.
const interrupts = installInterrupts((code) => void closeOpenDatabase().finally(() => process.exit(code)));

const code = await runCli(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, interrupts });

// Exit explicitly once the output is flushed: a driver's idle timer must not keep a finished command alive.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
