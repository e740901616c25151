import { z } from "zod";
import { PROXY_KINDS } from "@/lib/ingest/types";

export const LoadDemoInput = z
  .object({
    alongsideRealData: z
      .boolean("alongsideRealData must be true or false")
      .default(false)
      .describe("load even when the workspace has traffic of its own (demo rows stay marked and removable)"),
  })
  .strict();
export type LoadDemoInput = z.infer<typeof LoadDemoInput>;

export const DemoIncidentView = z.object({
  backend: z.string(),
  cause: z.enum(["backend_timeout", "connect_refused", "proxy_overload"]),
  from: z.string(),
  to: z.string(),
  summary: z.string(),
});

export const DemoLoaded = z.object({
  from: z.string().describe("start of the demo day (ISO-8601)"),
  to: z.string().describe("end of the demo day: the minute it was loaded in"),
  sources: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(PROXY_KINDS) })),
  backends: z.array(z.object({ id: z.string(), name: z.string() })),
  events: z.number(),
  requests: z.number(),
  serverErrors: z.number(),
  samples: z.number(),
  probeResults: z.number(),
  healthTransitions: z.number(),
  alongsideRealData: z.boolean().describe("the workspace already had traffic of its own"),
  incidents: z.array(DemoIncidentView),
  tookMs: z.number(),
});
export type DemoLoaded = z.infer<typeof DemoLoaded>;

export const DemoRemoved = z.object({
  sources: z.number(),
  backends: z.number(),
  probes: z.number(),
  events: z.number(),
  incidents: z.number(),
  rollupRows: z.number(),
  samples: z.number(),
});
export type DemoRemoved = z.infer<typeof DemoRemoved>;

export const DemoStatus = z.object({
  loaded: z.boolean(),
  sources: z.number(),
  backends: z.number(),
  events: z.number(),
});
export type DemoStatus = z.infer<typeof DemoStatus>;
