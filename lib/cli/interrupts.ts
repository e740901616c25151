// Ctrl-C or a stop while a command runs: a command that stops cleanly (`ingest --follow`) may claim
// the first signal; otherwise `unclaimed` ends the process (with 130 for SIGINT, 143 for SIGTERM).
// A second signal, of either kind, ends the process at once. Used by both process entries: the CLI
// (lib/cli/main.ts) and the standalone shipper (lib/cli/shipper-main.ts).
import type { Interrupts } from "@/lib/cli/command";

export function installInterrupts(unclaimed: (code: number) => void): Interrupts {
  let claimed: ((signal: NodeJS.Signals) => void) | undefined;
  let signalled = false;
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
      else unclaimed(code);
    });
  }
  return {
    claim(handler) {
      claimed = handler;
      return () => {
        if (claimed === handler) claimed = undefined;
      };
    },
  };
}
