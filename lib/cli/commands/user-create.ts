// `originwatch user create`: adds a user, through the same createUser (validation, audit row)
// as the web UI. The password is asked for (hidden, twice) or read from stdin, never a flag.
import { EXIT, UsageError, type CommandSpec } from "@/lib/cli/args";
import { CLI_ACTOR, type CliContext, type Command } from "@/lib/cli/command";
import { assertDatabaseFree, withDatabase } from "@/lib/cli/database";
import { hasTerminal, promptHidden, readFirstLine } from "@/lib/cli/prompt";
import { databaseConfig } from "@/lib/config/env";
import { ROLES } from "@/lib/auth/roles";
import { CreateUserInput } from "@/lib/auth/schemas";
import { createUser } from "@/lib/auth/users";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse";

const spec = {
  name: "user create",
  summary: "Add a user who signs in to the web UI",
  description: [
    "Creates a user with a password. On a terminal the password is asked for twice and not shown; in a script, pipe it in with --password-stdin (the first line of stdin is the password).",
    "Roles: viewer reads dashboards; editor also changes sources, backends, rules and incidents; admin also manages users and API tokens; owner also grants the owner role.",
    "Pending migrations are applied first, so this works on a brand-new installation.",
  ],
  options: {
    email: { type: "string", value: "EMAIL", required: true, description: "The address the user signs in with" },
    role: { type: "string", value: "ROLE", required: true, choices: ROLES, description: "owner, admin, editor or viewer" },
    name: { type: "string", value: "NAME", description: "Display name" },
    "password-stdin": { type: "boolean", description: "Read the password from the first line of stdin instead of asking" },
  },
  examples: [
    "originwatch user create --email ana@example.com --role owner --name 'Ana Lima'",
    "printf '%s\\n' \"$OW_PASSWORD\" | originwatch user create --email ops@example.com --role viewer --password-stdin",
  ],
  fieldLabels: { email: "--email", role: "--role", name: "--name", password: "password" },
} as const satisfies CommandSpec;

const ALTERNATIVE = "create users in the web UI (Settings → Users)";

async function readPassword(ctx: CliContext, fromStdin: boolean, email: string): Promise<string> {
  if (fromStdin) return readFirstLine(ctx);
  if (!hasTerminal(ctx)) {
    throw new UsageError("no terminal to ask for the password on: pipe it in and add --password-stdin", spec.name);
  }
  const first = await promptHidden(ctx, `Password for ${email}: `);
  parseInput(CreateUserInput.pick({ password: true }), { password: first }); // say "too short" before asking again
  const second = await promptHidden(ctx, "Repeat the password: ");
  if (first !== second) throw new AppError("bad_request", "the two passwords do not match; nothing was created.");
  return first;
}

export const userCreateCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx, opts) {
    // Everything that can fail fast does, before a prompt and before the database's slow start.
    const config = databaseConfig(ctx.env);
    assertDatabaseFree(config, ALTERNATIVE);
    const fields = { email: opts.email, role: opts.role, name: opts.name };
    const { email } = parseInput(CreateUserInput.omit({ password: true }), fields);
    const input = { ...fields, password: await readPassword(ctx, opts["password-stdin"], email) };
    parseInput(CreateUserInput, input);

    const user = await withDatabase(ctx, { command: spec.name, alternative: ALTERNATIVE }, (db) => createUser(db.prisma, CLI_ACTOR, input));
    ctx.out(`Created user ${user.email} (${user.role}${user.name ? `, ${user.name}` : ""}).`);
    ctx.out(`id: ${user.id}`);
    return EXIT.ok;
  },
};
