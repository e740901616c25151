// What a command is and what it gets from the process: the environment and the three streams,
// passed in so no command reaches for `process` (or calls process.exit) deep inside. A command
// returns its exit code or throws; lib/cli/run.ts maps what it throws to a message and a code.
import type { Readable, Writable } from "node:stream";
import type { CommandSpec, OptionSpecs, OptionValues } from "@/lib/cli/args";
import type { Actor } from "@/lib/auth/permissions";

/** Whoever can run the CLI has the database in hand, so it acts as an owner. */
export const CLI_ACTOR: Actor = { kind: "cli", id: "cli", role: "owner" };

export interface CliStreams {
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  /** isTTY: a person is watching, so progress may redraw one line in place. */
  stderr: Writable & { isTTY?: boolean };
  /** Ctrl-C and stop signals, for a command that stops cleanly (absent: the process default applies). */
  interrupts?: Interrupts;
}

/**
 * The first SIGINT/SIGTERM while a command runs. By default it closes the database and ends the
 * process; a command that can stop cleanly (finish sending, then return) claims it instead. A
 * second signal always ends the process at once.
 */
export interface Interrupts {
  /** Runs `handler` on the first signal instead of the default stop. Returns a release function. */
  claim(handler: (signal: NodeJS.Signals) => void): () => void;
}

export interface CliContext extends CliStreams {
  /** A line on stdout: results, and what scripts read. */
  out(line?: string): void;
  /** A line on stderr: prompts, notes and errors, kept out of what scripts read. */
  err(line?: string): void;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  spec: CommandSpec<O>;
  /** `positionals`: the words after the flags, for a spec that declares them. */
  run(ctx: CliContext, options: OptionValues<O>, positionals: string[]): Promise<number>;
}

export function createContext(streams: CliStreams): CliContext {
  return {
    ...streams,
    out: (line = "") => void streams.stdout.write(`${line}\n`),
    err: (line = "") => void streams.stderr.write(`${line}\n`),
  };
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
