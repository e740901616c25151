-- Alert rules behind the schema (issue #10): rule scope, description and runbook; per-instance
-- state replaces alert_states (nothing ever wrote it); append-only transitions; silences.

-- AlterTable
ALTER TABLE "alert_rules" ADD COLUMN "scope" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "alert_rules" ADD COLUMN "description" TEXT;
ALTER TABLE "alert_rules" ADD COLUMN "runbook_url" TEXT;

-- DropTable
DROP TABLE "alert_states";

-- CreateTable
CREATE TABLE "alert_instances" (
    "rule_id" TEXT NOT NULL,
    "instance_key" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'normal',
    "since" TIMESTAMPTZ(3) NOT NULL,
    "active_at" TIMESTAMPTZ(3),
    "last_true_at" TIMESTAMPTZ(3),
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "reason" TEXT,
    "evaluated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "incident_id" TEXT,

    CONSTRAINT "alert_instances_pkey" PRIMARY KEY ("rule_id","instance_key")
);

-- CreateTable
CREATE TABLE "alert_transitions" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" TEXT NOT NULL,
    "instance_key" TEXT NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "reason" TEXT,
    "backfilled" BOOLEAN NOT NULL DEFAULT false,
    "silenced" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "alert_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silences" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "weekdays" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[],
    "start_minute" INTEGER,
    "end_minute" INTEGER,
    "time_zone" TEXT,
    "matchers" JSONB NOT NULL DEFAULT '{}',
    "comment" TEXT NOT NULL,
    "author_id" TEXT,
    "author_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_transitions_rule_id_instance_key_at_to_state_key" ON "alert_transitions"("rule_id", "instance_key", "at", "to_state");

-- CreateIndex
CREATE INDEX "alert_transitions_at_idx" ON "alert_transitions"("at");

-- CreateIndex
CREATE INDEX "silences_ends_at_idx" ON "silences"("ends_at");

-- AddForeignKey
ALTER TABLE "alert_instances" ADD CONSTRAINT "alert_instances_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_transitions" ADD CONSTRAINT "alert_transitions_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
