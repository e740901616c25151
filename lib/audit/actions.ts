// The audit log's actions: one list, each with what it records. recordAudit takes any string (a
// helper building a new domain may record before adding its row here), but the viewer's filter, the
// docs and tests/unit/audit-actions.test.ts read this list, and that test fails while the code
// records an action missing from it.
import { z } from "zod";

export const AUDIT_ACTIONS = {
  "setup.owner_created": "the first owner was created at setup",
  "auth.sign_in": "someone signed in (password or a linked OAuth/OIDC account)",
  "auth.sign_in_failed": "a sign-in failed (wrong password, unknown or disabled account, rate limit)",
  "user.create": "an admin added a user",
  "user.update": "a user's name, role, password or status changed",
  "user.role_change": "a user's role changed (the old and new role are in the details)",
  "user.deactivate": "a user was deactivated: their sessions and API tokens ended",
  "user.reactivate": "a deactivated user was let back in",
  "user.password_reset": "an admin set a new password for a user; their sessions ended",
  "user.sessions_end": "a user signed out everywhere else",
  "invitation.create": "an admin invited an email with a role",
  "invitation.revoke": "a pending invitation was revoked",
  "invitation.accept": "an invitation was accepted and its user created",
  "token.create": "an API token was created",
  "token.revoke": "an API token was revoked",
  "source.create": "a log source was created",
  "source.update": "a log source was changed",
  "source.delete": "a log source was deleted",
  "source.rotate_token": "a log source's ingest token was replaced",
  "backend.create": "a backend was added",
  "backend.update": "a backend was changed",
  "backend.delete": "a backend was deleted",
  "backend.import": "backends and probes were imported from a proxy configuration",
  "probe.create": "a probe was added",
  "probe.update": "a probe was changed",
  "probe.delete": "a probe was deleted",
  "event.create": "a deploy, purge or note marker was added",
  "event.update": "a marker was changed",
  "event.delete": "a marker was deleted",
  "rule.create": "an alert rule was created",
  "rule.update": "an alert rule was changed",
  "rule.delete": "an alert rule was deleted",
  "silence.create": "a silence was created",
  "silence.delete": "a silence was ended or deleted",
  "channel.create": "a notification channel was created",
  "channel.update": "a notification channel was changed",
  "channel.delete": "a notification channel was deleted",
  "channel.rotate_secret": "a webhook channel's signing secret was replaced (the old one signs for 24 h more)",
  "channel.test": "a test message was sent to a notification channel",
  "policy.create": "a notification policy (severity and backends to channels) was created",
  "policy.update": "a notification policy was changed",
  "policy.delete": "a notification policy was deleted",
  "share.create": "a share link was created",
  "share.view": "a share link was opened (at most one row per link per 10 minutes)",
  "share.revoke": "a share link was revoked",
  "demo.load": "demo data was loaded",
  "demo.remove": "demo data was removed",
  "retention.change": "how long data is kept was changed",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_IDS = Object.keys(AUDIT_ACTIONS) as AuditAction[];
export const AuditActionSchema = z.enum(AUDIT_ACTION_IDS as [AuditAction, ...AuditAction[]]);

export const isAuditAction = (s: string): s is AuditAction => Object.hasOwn(AUDIT_ACTIONS, s);
