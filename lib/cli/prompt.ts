// Reading a password: hidden from the terminal when there is one, the first line of stdin when
// piped (`--password-stdin`). Never from a flag: argv shows up in `ps` and shell history.
import type { CliContext } from "@/lib/cli/command";

/** Ctrl-C or Ctrl-D at a prompt: the run stops with exit 130. */
export class PromptInterrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "PromptInterrupted";
  }
}

export const hasTerminal = (ctx: CliContext) => Boolean(ctx.stdin.isTTY && ctx.stdin.setRawMode);

/** Asks on stderr and reads a line from the terminal without echoing it. */
export function promptHidden(ctx: CliContext, question: string): Promise<string> {
  const { stdin, stderr } = ctx;
  return new Promise((resolve, reject) => {
    let answer = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write("\n");
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (text: string) => {
      if (text.startsWith("\u001b")) return; // arrow keys and other escape sequences
      for (const ch of text) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003" || (ch === "\u0004" && answer === "")) return finish(new PromptInterrupted());
        if (ch === "\u007f" || ch === "\b") answer = answer.slice(0, -1);
        else if (ch >= " ") answer += ch;
      }
    };
    // Raw (no echo) before the question shows: an answer typed the moment it appears stays hidden.
    stdin.setEncoding("utf8");
    stdin.setRawMode?.(true);
    stderr.write(question);
    stdin.on("data", onData);
    stdin.resume();
  });
}

/** The first line of stdin (without its line break); "" when stdin is empty. */
export async function readFirstLine(ctx: CliContext): Promise<string> {
  let text = "";
  ctx.stdin.setEncoding("utf8"); // whole characters, even when a chunk ends inside one
  for await (const chunk of ctx.stdin) {
    text += chunk as string;
    if (text.includes("\n")) break; // leaving the loop closes stdin: the rest is not read
  }
  return text.split("\n")[0].replace(/\r$/, "");
}
