// When a session cookie stops counting; kept apart from session.ts (server-only) so it can be unit-tested.

/**
 * Whether a session cookie still counts. Ending a user's sessions (password change, "sign out
 * everywhere else", disabled) moves users.sessions_valid_from; a session carries the value it
 * read at sign-in (with the password hash, in the same row read, so a sign-in racing a password
 * change cannot slip past it) and counts only while that is still current, or when it is the
 * session kept by the change. Cookies from before sessions carried it end at the first change.
 */
export function sessionStillValid(
  user: { sessionsValidFrom: Date | null; keptSessionId: string | null },
  session: { sid?: string; sessionsSince?: number },
): boolean {
  if (user.sessionsValidFrom === null) return true;
  if (session.sid !== undefined && session.sid === user.keptSessionId) return true;
  return session.sessionsSince !== undefined && session.sessionsSince >= user.sessionsValidFrom.getTime();
}
