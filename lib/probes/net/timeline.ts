// Follows one connection through DNS, TCP connect, TLS, waiting for headers and the body, using
// the socket's own events, so timeouts and errors can be blamed on the phase they happened in.
import { isIP, type Socket } from "node:net";
import type { ProbePhases } from "@/lib/probes/types";

export type ConnectionStage = "dns" | "connect" | "tls" | "waiting" | "body";

export class ConnectionTimeline {
  stage: ConnectionStage;
  private lookupAt?: number;
  private connectAt?: number;
  private secureAt?: number;
  private firstByteAt?: number;

  constructor(
    private readonly now: () => number,
    private readonly startedAt: number,
    host: string,
    private readonly usesTls: boolean,
  ) {
    // An IP literal skips the resolver: node emits no "lookup" for it.
    this.stage = isIP(stripBrackets(host)) ? "connect" : "dns";
  }

  watch(socket: Socket): void {
    socket.once("lookup", (err: Error | null) => {
      if (err) return; // the socket's "error" event carries the failure
      this.lookupAt = this.now();
      this.stage = "connect";
    });
    socket.once("connect", () => {
      this.connectAt = this.now();
      this.stage = this.usesTls ? "tls" : "waiting";
    });
    if (this.usesTls) {
      socket.once("secureConnect", () => {
        this.secureAt = this.now();
        this.stage = "waiting";
      });
    }
  }

  markFirstByte(): void {
    this.firstByteAt = this.now();
    this.stage = "body";
  }

  phases(endAt: number): ProbePhases {
    const phases: ProbePhases = { totalMs: endAt - this.startedAt };
    if (this.lookupAt !== undefined) phases.dnsMs = this.lookupAt - this.startedAt;
    if (this.connectAt !== undefined) phases.connectMs = this.connectAt - (this.lookupAt ?? this.startedAt);
    if (this.secureAt !== undefined && this.connectAt !== undefined) phases.tlsMs = this.secureAt - this.connectAt;
    const readyAt = this.secureAt ?? this.connectAt;
    if (this.firstByteAt !== undefined && readyAt !== undefined) phases.firstByteMs = this.firstByteAt - readyAt;
    return phases;
  }
}

/** URL hostnames keep IPv6 brackets ("[::1]"); net.isIP and net.connect want them bare. */
export function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
