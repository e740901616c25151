// Dispatch and the one mapping from what a command throws to a message and an exit code:
// usage mistakes exit 2 with help, expected failures (AppError) exit 1 with one line and no
// stack, anything else is a bug: a short line, and the stack only with --debug.
import { inspect } from "node:util";
import { EXIT, UsageError, formatCommandHelp, listWords, parseCommandLine, wantsHelp, type CommandSpec } from "@/lib/cli/args";
import { createContext, type CliContext, type CliStreams, type Command } from "@/lib/cli/command";
import { commandGroup, findCommand, groupHelp, mainHelp } from "@/lib/cli/commands";
import { PromptInterrupted } from "@/lib/cli/prompt";
import { isAppError, type AppError } from "@/lib/errors/app-error";
import { appVersion } from "@/lib/version";

type Resolved = { kind: "run"; command: Command; rest: string[] } | { kind: "print"; text: string };

const groupCommands = (word: string) => listWords(commandGroup(word).map((c) => c.spec.name.slice(word.length + 1)));

/** The help text `originwatch help [words…]` prints. */
function helpFor(words: string[]): string {
  if (words.length === 0) return mainHelp();
  const command = findCommand(words.join(" "));
  if (command) return formatCommandHelp(command.spec);
  if (words.length === 1 && commandGroup(words[0]).length) return groupHelp(words[0]);
  throw new UsageError(`no help for "${words.join(" ")}": there is no such command`);
}

function resolveCommand(args: string[]): Resolved {
  const [first, ...rest] = args;
  if (first === undefined) throw new UsageError("which command? None was given.");
  if (first === "help" || wantsHelp([first])) return { kind: "print", text: helpFor(rest.filter((w) => !wantsHelp([w]))) };
  if (first === "--version" || first === "-V") return { kind: "print", text: `originwatch ${appVersion()}` };
  if (first.startsWith("-")) throw new UsageError(`unknown option ${first} (options go after the command)`);

  const two = rest[0] === undefined ? undefined : findCommand(`${first} ${rest[0]}`);
  if (two) return { kind: "run", command: two, rest: rest.slice(1) };
  const one = findCommand(first);
  if (one) return { kind: "run", command: one, rest };
  if (commandGroup(first).length) {
    if (rest[0] !== undefined && wantsHelp([rest[0]])) return { kind: "print", text: groupHelp(first) };
    if (rest[0] === undefined || rest[0].startsWith("-")) throw new UsageError(`"originwatch ${first}" needs a command: ${groupCommands(first)}`, first);
    throw new UsageError(`unknown command "${first} ${rest[0]}"; "originwatch ${first}" has: ${groupCommands(first)}`, first);
  }
  throw new UsageError(`unknown command "${first}"`);
}

/** An AppError as one line; validation errors name the flag (or word) to fix. */
function describeAppError(e: AppError, spec?: CommandSpec): string {
  if (e.code === "bad_request" && e.fields?.length) {
    return e.fields.map((f) => `${spec?.fieldLabels?.[f.path] ?? f.path}: ${f.message}`).join("; ");
  }
  return e.message;
}

/** One line for an error we did not expect: drivers' messages run to many lines, and PGlite's
 * file-system errors are plain objects with an errno and no message at all. */
function summarize(e: unknown): string {
  if (e instanceof Error && e.message.trim()) return e.message.trim().split("\n")[0];
  if (typeof e === "object" && e !== null) {
    const { name, code, errno } = e as { name?: unknown; code?: unknown; errno?: unknown };
    const detail = [code !== undefined && `code ${String(code)}`, errno !== undefined && `errno ${String(errno)}`].filter(Boolean).join(", ");
    return `${typeof name === "string" ? name : "error"}${detail ? ` (${detail})` : ""}`;
  }
  return String(e);
}

function report(ctx: CliContext, e: unknown, debug: boolean, command?: Command): number {
  if (e instanceof UsageError) {
    ctx.err(`originwatch: ${e.message}`);
    if (e.command) ctx.err(`Run "originwatch ${e.command} --help" for usage.`);
    else ctx.err(`\n${mainHelp()}`);
    return EXIT.usage;
  }
  if (e instanceof PromptInterrupted) return EXIT.interrupted;
  if (isAppError(e)) {
    ctx.err(`originwatch: ${describeAppError(e, command?.spec)}`);
    if (debug) ctx.err(inspect(e));
    return EXIT.failure;
  }
  ctx.err(`originwatch: unexpected error: ${summarize(e)}`);
  ctx.err(debug ? inspect(e) : "Run it again with --debug to see the details.");
  return EXIT.failure;
}

export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  const ctx = createContext(streams);
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  let command: Command | undefined;
  try {
    const resolved = resolveCommand(args);
    if (resolved.kind === "print") {
      ctx.out(resolved.text);
      return EXIT.ok;
    }
    command = resolved.command;
    if (wantsHelp(resolved.rest)) {
      ctx.out(formatCommandHelp(command.spec));
      return EXIT.ok;
    }
    const { options, positionals } = parseCommandLine(command.spec, resolved.rest);
    return await command.run(ctx, options, positionals);
  } catch (e) {
    return report(ctx, e, debug, command);
  }
}
