-- Sign-in limits that hold under concurrency, tokens that follow their creator, sessions that
-- end on sign-out.
--
-- login_attempts was read, then written: parallel attempts all read "under the limit" and were
-- all checked. sign_in_limits keeps one counter per key that a single upsert reserves before the
-- password is checked. The old rows only counted towards a 15-minute window: nothing to carry over.
DROP TABLE "login_attempts";

-- CreateTable
CREATE TABLE "sign_in_limits" (
    "key" TEXT NOT NULL,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,

    CONSTRAINT "sign_in_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "sign_in_limits_window_started_at_idx" ON "sign_in_limits"("window_started_at");

-- A signed-out session's id, refused until the cookie would have expired anyway.
-- CreateTable
CREATE TABLE "ended_sessions" (
    "sid" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ended_sessions_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE INDEX "ended_sessions_user_id_idx" ON "ended_sessions"("user_id");

-- CreateIndex
CREATE INDEX "ended_sessions_expires_at_idx" ON "ended_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "ended_sessions" ADD CONSTRAINT "ended_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A token goes with the user who made it (it used to outlive them with created_by_id NULL, which
-- now means "made by the CLI"). Tokens already orphaned that way cannot be told apart and stay.
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_created_by_id_fkey";
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
