// The command registry and the main help. A new command is a file here plus one line below.
import { columns, type CommandSpec } from "@/lib/cli/args";
import type { Command } from "@/lib/cli/command";
import { demoCommand } from "@/lib/cli/commands/demo";
import { ingestCommand } from "@/lib/cli/commands/ingest";
import { migrateCommand } from "@/lib/cli/commands/migrate";
import { sourceCreateCommand } from "@/lib/cli/commands/source-create";
import { sourceListCommand } from "@/lib/cli/commands/source-list";
import { sourceRotateTokenCommand } from "@/lib/cli/commands/source-rotate-token";
import { statusCommand } from "@/lib/cli/commands/status";
import { tokenCreateCommand } from "@/lib/cli/commands/token-create";
import { userCreateCommand } from "@/lib/cli/commands/user-create";

export const COMMANDS: readonly Command[] = [
  migrateCommand,
  userCreateCommand,
  tokenCreateCommand,
  sourceCreateCommand,
  sourceListCommand,
  sourceRotateTokenCommand,
  ingestCommand,
  statusCommand,
  demoCommand,
];

export const findCommand = (name: string) => COMMANDS.find((c) => c.spec.name === name);

/** Commands under a first word ("user" → "user create"); empty when the word is not a group. */
export const commandGroup = (word: string) => COMMANDS.filter((c) => c.spec.name.startsWith(`${word} `));

const summaries = (specs: readonly CommandSpec[]) => columns(specs.map((s) => [s.name, s.summary]));

export function mainHelp(): string {
  return [
    "Origin Watch from the command line.",
    "",
    "Usage: originwatch <command> [options]",
    "",
    "Commands:",
    ...summaries([...COMMANDS.map((c) => c.spec), { name: "help [command]", summary: "Show help for a command", description: [], options: {}, examples: [] }]),
    "",
    "Options: -h/--help (also after a command), --debug (stack traces on unexpected errors), --version",
    "",
    "It works on the database the server uses: PostgreSQL when DATABASE_URL is set, else the",
    "embedded database in DATA_DIR (default: the data folder next to the app; relative paths",
    "are taken from there too, as for `npm start`). `ingest` only talks HTTP to a server.",
    "",
    "Exit codes: 0 ok, 1 failed, 2 wrong command line.",
  ].join("\n");
}

export function groupHelp(word: string): string {
  return [`Usage: originwatch ${word} <command> [options]`, "", "Commands:", ...summaries(commandGroup(word).map((c) => c.spec))].join("\n");
}
