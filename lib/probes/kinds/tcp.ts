// The tcp probe: can a TCP connection to host:port be opened in time? Measures DNS and connect.
import type { Socket } from "node:net";
import { z } from "zod";
import { builtInEgressPolicy, connectChecked, isEgressDenied } from "@/lib/net/egress";
import { classifyDeadline, classifyNetworkError, shortMessage } from "@/lib/probes/net/classify";
import { startDeadline } from "@/lib/probes/net/deadline";
import { ConnectionTimeline, stripBrackets } from "@/lib/probes/net/timeline";
import { failed, succeeded } from "@/lib/probes/result";
import type { ProbeContext, ProbeKind, ProbeResult } from "@/lib/probes/types";

export const TcpProbeConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1, "host is required")
    .max(253, "host is too long")
    .regex(/^(\[[0-9A-Fa-f:.%a-z]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/, "host must be a hostname or an IP address"),
  port: z.int("port must be a whole number").min(1, "port must be 1-65535").max(65535, "port must be 1-65535"),
});
export type TcpProbeConfig = z.output<typeof TcpProbeConfig>;

export const tcpProbe: ProbeKind<TcpProbeConfig> = {
  id: "tcp",
  configSchema: TcpProbeConfig,
  check(config, ctx) {
    return connectOnce(stripBrackets(config.host), config.port, ctx);
  },
  targets: (config) => [{ field: "host", host: config.host }],
};

function connectOnce(host: string, port: number, ctx: ProbeContext): Promise<ProbeResult> {
  const startedAt = ctx.now();
  const target = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    return Promise.resolve(failed(startedAt, ctx.now, "invalid_config", `Cannot connect to ${target}: invalid host or port`));
  }
  const deadline = startDeadline(ctx);
  const timeline = new ConnectionTimeline(ctx.now, startedAt, host, false);

  return new Promise((resolve) => {
    let socket: Socket | undefined;
    let settled = false;
    const settle = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      deadline.signal.removeEventListener("abort", onDeadline);
      deadline.dispose();
      socket?.destroy();
      resolve(result);
    };
    const fail = (failure: ReturnType<typeof classifyDeadline>) =>
      settle(failed(startedAt, ctx.now, failure.errorClass, failure.message, { phases: timeline.phases(ctx.now()) }));
    function onDeadline() {
      fail(classifyDeadline(deadline.cause(), timeline.stage, deadline.timeoutMs, target));
    }

    if (deadline.signal.aborted) return onDeadline();
    deadline.signal.addEventListener("abort", onDeadline, { once: true });
    try {
      socket = connectChecked(ctx.egress ?? builtInEgressPolicy, { host, port });
    } catch (err) {
      if (isEgressDenied(err)) return fail(classifyNetworkError(err, timeline.stage, target));
      return settle(failed(startedAt, ctx.now, "invalid_config", shortMessage(`Cannot connect to ${target}: ${String(err)}`)));
    }
    timeline.watch(socket);
    socket.on("error", (err) => fail(classifyNetworkError(err, timeline.stage, target)));
    socket.once("connect", () => settle(succeeded(startedAt, ctx.now, { phases: timeline.phases(ctx.now()) })));
  });
}
