// Channel rows as the API and the page show them: secrets removed, health summarised.
import type { Prisma } from "@/lib/generated/prisma/client";
import { CHANNEL_KINDS, isChannelKind } from "@/lib/notifications/channels/registry";
import { secretKeys } from "@/lib/notifications/channels/types";
import type { ChannelView, DeliveryView } from "@/lib/notifications/schemas";
import { formatDuration } from "@/lib/incidents/format";

type ChannelRow = Prisma.NotificationChannelGetPayload<object>;
type DeliveryRow = Prisma.NotificationDeliveryGetPayload<object>;

/** A channel failing this long with no success since gets a warning in the UI. */
export const FAILING_WARNING_MS = 60 * 60 * 1000;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function secretFieldsOf(kind: string): string[] {
  return isChannelKind(kind) ? secretKeys(CHANNEL_KINDS[kind]) : [];
}

export function toChannelView(row: ChannelRow, now = Date.now()): ChannelView {
  const secrets = secretFieldsOf(row.kind);
  const config = row.config as Record<string, unknown>;
  const shown = Object.fromEntries(Object.entries(config).filter(([k]) => !secrets.includes(k)));
  const failingFor = row.failingSince ? now - row.failingSince.getTime() : 0;
  const warning =
    row.enabled && row.failingSince && failingFor >= FAILING_WARNING_MS
      ? `Every delivery has failed for ${formatDuration(failingFor)}${row.lastError ? `: ${row.lastError}` : ""}`
      : null;
  return {
    id: row.id,
    name: row.name,
    kind: isChannelKind(row.kind) ? row.kind : "webhook",
    config: shown,
    secretsSet: secrets.filter((k) => config[k] !== undefined && config[k] !== null && config[k] !== ""),
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil.getTime() > now ? row.previousSecretUntil.toISOString() : null,
    lastSuccessAt: iso(row.lastSuccessAt),
    lastFailureAt: iso(row.lastFailureAt),
    lastError: row.lastError,
    failingSince: iso(row.failingSince),
    warning,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: DeliveryRow): DeliveryView {
  return {
    id: String(d.id),
    messageId: d.messageId,
    type: d.type,
    incidentId: d.incidentId,
    status: d.status === "sent" || d.status === "failed" ? d.status : "pending",
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    sentAt: iso(d.sentAt),
  };
}
