// The share-link API contract (POST/GET /api/v1/shares) and what a share page shows.
import { z } from "zod";
import { DEFAULT_REDACTION, Redaction, SHARE_KINDS, type ShareKind } from "@/lib/auth/share-scope";

// What a link may read is decided in lib/auth/share-scope.ts (the route wrapper asks it); the kinds
// and redactions live there with it.
export { DEFAULT_REDACTION, Redaction, SHARE_KINDS, type ShareKind };

/** How long a link lives; "never" keeps it until revoked. */
export const SHARE_EXPIRY_MS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, never: null } as const;
export const SHARE_EXPIRIES = Object.keys(SHARE_EXPIRY_MS) as Array<keyof typeof SHARE_EXPIRY_MS>;

const id = z.string().trim().min(1, "id is required").max(200);
// The dashboard URL the link reproduces: its query carries the range and filters.
const path = z
  .string()
  .max(2000)
  .regex(/^\/[^\s]*$/, "path must be a path on this dashboard, starting with /")
  .describe("the dashboard URL (path and query) whose range and filters the link keeps");

export const ShareTarget = z.discriminatedUnion("type", [
  z.object({ type: z.literal("incident"), id }).strict(),
  z.object({ type: z.literal("backend"), id, path: path.optional() }).strict(),
  z.object({ type: z.literal("view"), id: z.string().max(0).optional(), path: path.optional() }).strict(),
]);
export type ShareTarget = z.infer<typeof ShareTarget>;


export const CreateShareInput = z
  .object({
    target: ShareTarget,
    expiresIn: z.enum(SHARE_EXPIRIES as ["1h", "24h", "7d", "30d", "never"], "expiresIn must be one of 1h, 24h, 7d, 30d, never"),
    frozen: z.boolean().default(false).describe("true: the absolute range and the data as of creation; false: live, the range follows now"),
    note: z.string().trim().max(500, "note must be at most 500 characters").optional(),
    redact: Redaction.prefault({}),
  })
  .strict();
export type CreateShareInput = z.infer<typeof CreateShareInput>;

export const CreatedShare = z.object({ id: z.string(), url: z.string().describe("ends in /s/<token>; the token is shown this once") });

export const ShareStatus = z.enum(["active", "expired", "revoked"]);

export const ShareView = z.object({
  id: z.string(),
  kind: z.enum(SHARE_KINDS),
  targetId: z.string().nullable(),
  title: z.string(),
  note: z.string().nullable(),
  frozen: z.boolean(),
  redact: Redaction,
  status: ShareStatus,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  viewCount: z.number().int(),
  lastViewedAt: z.string().nullable(),
  createdBy: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
});
export type ShareView = z.infer<typeof ShareView>;
