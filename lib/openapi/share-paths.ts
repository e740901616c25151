// OpenAPI paths for share links and the audit log, from the zod schemas lib/shares parses with.
import { z } from "zod";
import type { PathHelpers } from "@/lib/openapi/backend-paths";
import { CreatedShare, CreateShareInput, ShareView } from "@/lib/shares/schemas";
import { AuditEntry, AuditQuery } from "@/lib/audit/read";
import { AcceptInvitationInput, CreatedInvitation, CreateInvitationInput, InvitationView } from "@/lib/invitations/schemas";

type Json = Record<string, unknown>;

export function sharePaths(h: PathHelpers): Json {
  const { json, errors, idParam } = h;
  return {
    "/api/v1/shares": {
      post: {
        summary:
          "Make a read-only link to an incident, a backend page or a dashboard view (editor+). The token in `url` is shown this once; it opens `/s/<token>` and, as `Authorization: Bearer <token>`, reads only the shared thing (its incident or backend, and the summary and series its page draws). Every other route answers it 404.",
        requestBody: json(CreateShareInput, "input"),
        responses: { "201": { description: "created", ...json(CreatedShare) }, ...errors(400, 401, 403, 404) },
      },
      get: {
        summary: "Share links with their creator, view count and last view (editors: their own; admins: all)",
        responses: { "200": { description: "links, newest first", ...json(z.object({ shares: z.array(ShareView) })) }, ...errors(401, 403) },
      },
    },
    "/api/v1/shares/{id}": {
      delete: {
        summary: "Revoke a link at once: its page and its token answer 404 from now on (its maker, or an admin)",
        parameters: [idParam],
        responses: { "200": { description: "revoked", ...json(ShareView) }, ...errors(401, 403, 404) },
      },
    },
  };
}

/** The audit log's route. */
export function auditPaths(h: PathHelpers): Json {
  const { json, errors } = h;
  return {
    "/api/v1/audit": {
      get: {
        summary: "The audit log, newest first (admins): filter by actor, action (or a prefix like `share.`), target and time; `format=csv` answers text/csv",
        parameters: h.queryParameters(AuditQuery),
        responses: { "200": { description: "entries (or CSV)", ...json(z.object({ entries: z.array(AuditEntry) })) }, ...errors(400, 401, 403) },
      },
    },
  };
}

/** Invitations' routes. */
export function invitationPaths(h: PathHelpers): Json {
  const { json, errors, idParam } = h;
  return {
    "/api/v1/invitations": {
      post: {
        summary: "Invite an email with a role (admins); answers the single-use link to hand over (72 h unless `expiresInHours`)",
        requestBody: json(CreateInvitationInput, "input"),
        responses: { "201": { description: "invited", ...json(CreatedInvitation) }, ...errors(400, 401, 403, 409) },
      },
      get: { summary: "Invitations, newest first, with their status", responses: { "200": { description: "invitations", ...json(z.object({ invitations: z.array(InvitationView) })) }, ...errors(401, 403) } },
    },
    "/api/v1/invitations/{id}": {
      delete: { summary: "Revoke a pending invitation: its link stops working at once", parameters: [idParam], responses: { "200": { description: "revoked", ...json(InvitationView) }, ...errors(401, 403, 404, 409) } },
    },
    "/api/v1/invitations/accept": {
      post: {
        summary: "Accept an invitation (no sign-in: the token is the credential): creates the user with the invited role; without a password they sign in with GitHub/OIDC under that email",
        security: [],
        requestBody: json(AcceptInvitationInput, "input"),
        responses: { "201": { description: "account created", ...json(z.object({ email: z.string(), role: z.string() })) }, ...errors(400, 404, 409) },
      },
    },
  };
}
