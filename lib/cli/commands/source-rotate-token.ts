// `originwatch source rotate-token`: a new ingest token for a source; the old one stops working
// at once. Printed once, alone on the last line of stdout, like `source create`.
import { EXIT, type CommandSpec } from "@/lib/cli/args";
import { CLI_ACTOR, type Command } from "@/lib/cli/command";
import { assertDatabaseFree, withDatabase } from "@/lib/cli/database";
import { ALTERNATIVE } from "@/lib/cli/commands/source-create";
import { databaseConfig } from "@/lib/config/env";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { rotateSourceToken } from "@/lib/sources/sources";

const spec = {
  name: "source rotate-token",
  summary: "Replace a source's ingest token (the old one stops working)",
  description: [
    "Creates a new ingest token for the source and prints it once; the old token is refused from now on, so update the shippers that use it. The last line of stdout is the token alone.",
  ],
  options: {
    id: { type: "string", value: "ID", required: true, description: "The source's id, as `originwatch source list` shows it" },
  },
  examples: ["originwatch source rotate-token --id cmwpoy09r0000017d4nm4h047", "NEW=$(originwatch source rotate-token --id \"$SOURCE_ID\" | tail -n1)"],
} as const satisfies CommandSpec;

export const sourceRotateTokenCommand: Command<typeof spec.options> = {
  spec,
  async run(ctx, opts) {
    assertDatabaseFree(databaseConfig(ctx.env), ALTERNATIVE);
    const source = await withDatabase(ctx, { command: spec.name, alternative: ALTERNATIVE }, (db) =>
      rotateSourceToken(db.prisma, CLI_ACTOR, opts.id).catch((e: unknown) => {
        if (isAppError(e) && e.code === "not_found") throw new AppError("not_found", `No source with id ${opts.id}: \`originwatch source list\` shows the ids.`);
        throw e;
      }),
    );
    ctx.out(`New ingest token for source "${source.name}" (${source.kind}), id ${source.id}. The old token no longer works.`);
    ctx.out("It is shown only now; the database keeps just its hash. The token is the next line:");
    ctx.out(source.token);
    return EXIT.ok;
  },
};
