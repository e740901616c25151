// The CLI's process entry. bin/originwatch.mjs loads it through tsx after preparing the process
// (repo root as working folder, Prisma client generated); `tsx lib/cli/main.ts` works as well.
import type { Interrupts } from "@/lib/cli/command";
import { closeOpenDatabase } from "@/lib/cli/database";
import { runCli } from "@/lib/cli/run";

// Ctrl-C or a stop while a command runs: a command that stops cleanly (`ingest --follow`) may
// claim the first signal; otherwise close the database (releasing the embedded lock) and end.
// A second signal, of either kind, ends the process at once.
let claimed: ((signal: NodeJS.Signals) => void) | undefined;
let signalled = false;
const interrupts: Interrupts = {
  claim(handler) {
    claimed = handler;
    return () => {
      if (claimed === handler) claimed = undefined;
    };
  },
};
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(code);
    signalled = true;
    const handler = claimed;
    claimed = undefined;
    if (handler) handler(signal);
    else void closeOpenDatabase().finally(() => process.exit(code));
  });
}

const code = await runCli(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, interrupts });

// Exit explicitly once the output is flushed: a driver's idle timer must not keep a finished command alive.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
