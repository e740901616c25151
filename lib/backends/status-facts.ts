// What a backend's status is derived from besides its probes: the minute rollups of the status
// window and the alert instances firing now, read for every backend at once.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FiringRule, StatusSettings, StatusTraffic } from "@/lib/backends/status";

export interface StatusFacts {
  nowMs: number;
  windowMs: number;
  traffic: Map<string, StatusTraffic>;
  firing: Map<string, FiringRule[]>;
}

type Reader = Pick<PrismaClient, "rollupMinute" | "alertInstance">;

/** Traffic of the last `windowMs` (minute buckets starting inside it) and firing alerts, by backend name. */
export async function readStatusFacts(prisma: Reader, settings: StatusSettings, nowMs: number, names?: string[]): Promise<StatusFacts> {
  const since = new Date(Math.floor((nowMs - settings.windowMs) / 60_000) * 60_000 + 60_000);
  const where = names ? { backend: { in: names } } : {};
  const [rows, instances] = await Promise.all([
    prisma.rollupMinute.groupBy({ by: ["backend"], where: { ...where, bucket: { gte: since } }, _sum: { requests: true, errors5xx: true } }),
    prisma.alertInstance.findMany({
      where: { state: "firing", rule: { enabled: true }, ...(names ? { instanceKey: { in: names } } : {}) },
      select: { instanceKey: true, reason: true, rule: { select: { name: true } } },
      orderBy: [{ since: "asc" }],
    }),
  ]);
  const traffic = new Map<string, StatusTraffic>();
  for (const r of rows) traffic.set(r.backend, { requests: Number(r._sum.requests ?? 0), errors5xx: Number(r._sum.errors5xx ?? 0) });
  const firing = new Map<string, FiringRule[]>();
  for (const i of instances) {
    const list = firing.get(i.instanceKey) ?? [];
    list.push({ rule: i.rule.name, reason: i.reason });
    firing.set(i.instanceKey, list);
  }
  return { nowMs, windowMs: settings.windowMs, traffic, firing };
}
