// Request/answer over a socket for the text protocols the cache kinds speak themselves (RESP,
// memcached's ASCII protocol): write, then buffer until the answer parses as complete. Bounded:
// an answer larger than MAX_ANSWER_BYTES is not the server we expected.
import type { Socket } from "node:net";
import { ProtocolError } from "./session";

const MAX_ANSWER_BYTES = 1024 * 1024;

/** `complete` returns the parsed answer and how many bytes it used, or undefined while incomplete. */
export type AnswerParser<T> = (buffer: Buffer) => { value: T; used: number } | undefined;

export class SocketExchange {
  private buffer = Buffer.alloc(0);
  private waiting?: () => void;
  private ended?: Error;

  constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    const end = (err?: Error) => {
      this.ended ??= err ?? Object.assign(new Error("the server closed the connection"), { code: "ECONNRESET" });
      this.waiting?.();
    };
    socket.on("error", end);
    socket.on("close", () => end());
  }

  async ask<T>(payload: string | Buffer, parse: AnswerParser<T>): Promise<T> {
    this.socket.write(payload);
    for (;;) {
      const answer = parse(this.buffer);
      if (answer) {
        this.buffer = this.buffer.subarray(answer.used);
        return answer.value;
      }
      if (this.buffer.length > MAX_ANSWER_BYTES) throw new ProtocolError(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
      if (this.ended) throw this.ended;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }
}
