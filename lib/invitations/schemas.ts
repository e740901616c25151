import { z } from "zod";
import { Password } from "@/lib/auth/passwords";
import { Role } from "@/lib/auth/roles";

export const INVITATION_DEFAULT_HOURS = 72;

export const CreateInvitationInput = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter an email address.").max(200),
    role: Role,
    expiresInHours: z.number().int().min(1, "At least 1 hour.").max(720, "At most 720 hours (30 days).").default(INVITATION_DEFAULT_HOURS),
  })
  .strict();

export const AcceptInvitationInput = z
  .object({
    token: z.string().min(1).max(200),
    name: z.string().trim().max(100).optional(),
    password: Password.optional().describe("omit to sign in with GitHub or OIDC (an account with this email) instead"),
  })
  .strict();

export const InvitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  status: z.enum(["pending", "accepted", "expired", "revoked"]),
  createdAt: z.string(),
  expiresAt: z.string(),
  invitedBy: z.string().nullable(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const CreatedInvitation = InvitationView.extend({
  url: z.string().describe("the single-use link, ending in /invite/<token>; shown this once"),
  delivery: z.enum(["shown to copy", "emailed"]),
});
