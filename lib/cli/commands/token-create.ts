// `originwatch token create`: mints an API token through the same createApiToken as the web UI.
// The token is printed once, alone on the last line of stdout, so scripts can `tail -n1`.
import { EXIT, UsageError, type CommandSpec } from "@/lib/cli/args";
import { CLI_ACTOR, type Command } from "@/lib/cli/command";
import { assertDatabaseFree, withDatabase } from "@/lib/cli/database";
import { databaseConfig } from "@/lib/config/env";
import { createApiToken } from "@/lib/auth/api-tokens";
import { ROLES } from "@/lib/auth/roles";
import { CreateTokenInput } from "@/lib/auth/schemas";
import { parseInput } from "@/lib/errors/parse";

const spec = {
  name: "token create",
  summary: "Create an API token for scripts and automation",
  description: [
    "Creates an API token with a role, sent as `Authorization: Bearer ow_api_…`. The token is shown once and stored only as a hash: keep it somewhere safe.",
    "The last line of stdout is the token alone, so a script can take it with `tail -n1`; everything else goes before it (or to stderr).",
  ],
  options: {
    name: { type: "string", value: "NAME", required: true, description: "What the token is for, as listed in Settings → API tokens" },
    role: { type: "string", value: "ROLE", required: true, choices: ROLES, description: "owner, admin, editor or viewer" },
    "expires-days": { type: "string", value: "DAYS", description: "Expire after this many days (1-3650); default: never" },
  },
  examples: [
    "originwatch token create --name deploy-markers --role editor",
    "TOKEN=$(originwatch token create --name grafana --role viewer --expires-days 90 | tail -n1)",
  ],
  fieldLabels: { name: "--name", role: "--role", expiresInDays: "--expires-days" },
} as const satisfies CommandSpec;

const ALTERNATIVE = "create tokens in the web UI (Settings → API tokens)";

export const tokenCreateCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx, opts) {
    const days = opts["expires-days"];
    if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError(`--expires-days must be a whole number of days, not "${days}"`, spec.name);
    const input = { name: opts.name, role: opts.role, expiresInDays: days === undefined ? undefined : Number(days) };
    // Fail fast on bad input and a held database, before the embedded database's slow start.
    parseInput(CreateTokenInput, input);
    assertDatabaseFree(databaseConfig(ctx.env), ALTERNATIVE);

    const { token, record } = await withDatabase(ctx, { command: spec.name, alternative: ALTERNATIVE }, (db) =>
      createApiToken(db.prisma, CLI_ACTOR, input),
    );
    const expiry = record.expiresAt ? `expires ${record.expiresAt.slice(0, 10)}` : "never expires";
    ctx.out(`Created API token "${record.name}" (role ${record.role}, ${expiry}), id ${record.id}.`);
    ctx.out("It is shown only now; the database keeps just its hash. The token is the next line:");
    ctx.out(token);
    return EXIT.ok;
  },
};
