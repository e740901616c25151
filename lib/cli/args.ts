// Command-line arguments: each command declares its flags once (a spec), and the same spec
// parses argv, types the parsed values and prints the command's help.
import { parseArgs } from "node:util";

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

interface StringOption {
  type: "string";
  /** Placeholder shown in help: `--email EMAIL`. */
  value: string;
  description: string;
  required?: boolean;
  /** Allowed values; anything else is a usage error (exit 2), caught before the database opens. */
  choices?: readonly string[];
}
interface BooleanOption {
  type: "boolean";
  description: string;
}
export type OptionSpec = StringOption | BooleanOption;
export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends BooleanOption ? boolean : O[K] extends { required: true } ? string : string | undefined;
};

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** The words that name the command: "migrate", "user create". */
  name: string;
  summary: string;
  /** Paragraphs printed under the usage line. */
  description: readonly string[];
  options: O;
  examples: readonly string[];
  /** The flag (or word) behind each validated input field, so a validation error points at what to fix. */
  fieldLabels?: Readonly<Record<string, string>>;
  /** Words after the flags (`FILE... | -`); without this, a word that is not a flag is a usage error. */
  positionals?: PositionalSpec;
}

export interface PositionalSpec {
  /** Shown in the usage line: `FILE... | -`. */
  value: string;
  description: string;
  /** At least this many (default 0). */
  min?: number;
}

/** Wrong command line: exit 2. `command` names the command whose help to point at (none: the main help). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

const HELP_FLAGS = new Set(["-h", "--help"]);

export const wantsHelp = (argv: readonly string[]) => argv.some((a) => HELP_FLAGS.has(a));

/** Parses argv against a spec. Unknown flags, stray words, missing values and bad choices are UsageErrors. */
export function parseOptions<O extends OptionSpecs>(spec: CommandSpec<O>, argv: string[]): OptionValues<O> {
  return parseCommandLine(spec, argv).options;
}

/** Like parseOptions, and also the words the spec's `positionals` allows (after `--`, anything is a word). */
export function parseCommandLine<O extends OptionSpecs>(spec: CommandSpec<O>, argv: string[]): { options: OptionValues<O>; positionals: string[] } {
  const usage = (message: string) => new UsageError(message, spec.name);
  // Non-strict with tokens: we check each token ourselves to word the errors for people.
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (!spec.positionals) throw usage(`unexpected argument "${token.value}"`);
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue;
    const option = spec.options[token.name];
    if (!option) throw usage(`unknown option ${token.rawName}`);
    if (option.type === "boolean") {
      if (token.value !== undefined) throw usage(`${token.rawName} takes no value`);
      values[token.name] = true;
      continue;
    }
    // `--email --role x`: parseArgs would take "--role" as the email; a missing value is likelier.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--"))) {
      throw usage(`${token.rawName} needs a value (${token.rawName} ${option.value})`);
    }
    if (values[token.name] !== undefined) throw usage(`${token.rawName} is given twice`);
    if (option.choices && !option.choices.includes(token.value)) {
      throw usage(`${token.rawName} must be one of ${listWords(option.choices)}, not "${token.value}"`);
    }
    values[token.name] = token.value;
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.type === "boolean") values[name] ??= false;
    else if (option.required && values[name] === undefined) throw usage(`--${name} is required`);
  }
  const min = spec.positionals?.min ?? 0;
  if (positionals.length < min) throw usage(`give at least ${min === 1 ? "one" : min} ${spec.positionals!.value}`);
  return { options: values as OptionValues<O>, positionals };
}

export function listWords(words: readonly string[], last = "or"): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} ${last} ${words[words.length - 1]}`;
}

function usageLine(spec: CommandSpec, invocation: string): string {
  const parts = Object.entries(spec.options).map(([name, o]) => {
    const flag = o.type === "string" ? `--${name} ${o.value}` : `--${name}`;
    return o.type === "string" && o.required ? flag : `[${flag}]`;
  });
  if (spec.positionals) parts.push(spec.positionals.value);
  return `${invocation} ${parts.join(" ")}`.trimEnd();
}

/** Rows of `  left   right`, the left column padded to the widest entry. */
export function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`);
}

/** `invocation`: how the command is typed (the standalone shipper is `node originwatch-shipper.mjs`). */
export function formatCommandHelp(spec: CommandSpec, invocation = `originwatch ${spec.name}`): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => [
    o.type === "string" ? `--${name} ${o.value}` : `--${name}`,
    o.type === "string" && o.required ? `${o.description} (required)` : o.description,
  ]);
  if (spec.positionals) rows.unshift([spec.positionals.value, spec.positionals.description]);
  rows.push(["-h, --help", "Show this help"], ["--debug", "On an unexpected error, print the stack trace"]);
  return [
    `Usage: ${usageLine(spec, invocation)}`,
    "",
    ...spec.description.flatMap((p) => [p, ""]),
    "Options:",
    ...columns(rows),
    "",
    "Examples:",
    ...spec.examples.map((e) => `  ${e.replace(`originwatch ${spec.name}`, invocation)}`),
    "",
    "Exit codes: 0 ok, 1 failed, 2 wrong command line.",
  ].join("\n");
}
