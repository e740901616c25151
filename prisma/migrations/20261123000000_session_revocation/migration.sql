-- Ending a user's sessions. Sessions are signed JWT cookies that carry when they were signed in
-- and a random session id; a session signed in before sessions_valid_from is refused, except the
-- one named by kept_session_id (the browser that changed the password or asked to sign out
-- everywhere else keeps working). NULL: no session was ever ended.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "sessions_valid_from" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "kept_session_id" TEXT;
