-- Incidents (issue #11): one per backend outage, opened from alert transitions; the alerts each
-- holds; step progress keyed by checklist slug (built-in checklists live in code, so the old
-- checklist_progress with its foreign key to checklists goes). Nothing wrote incidents before.

DROP TABLE "checklist_progress";
DELETE FROM "incident_events";
DELETE FROM "incidents";

-- AlterTable
ALTER TABLE "incidents" ALTER COLUMN "backend" SET NOT NULL;
ALTER TABLE "incidents" ALTER COLUMN "opened_at" DROP DEFAULT;
ALTER TABLE "incidents" ADD COLUMN "stage" TEXT;
ALTER TABLE "incidents" ADD COLUMN "first_bad_at" TIMESTAMPTZ(3) NOT NULL;
ALTER TABLE "incidents" ADD COLUMN "resolved_by" TEXT;
ALTER TABLE "incidents" ADD COLUMN "assignee_id" TEXT;
ALTER TABLE "incidents" ADD COLUMN "summary" TEXT;
ALTER TABLE "incidents" ADD COLUMN "backfilled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "incidents" ADD COLUMN "previous_id" TEXT;
ALTER TABLE "incidents" ADD COLUMN "evidence" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "incidents" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "incident_events" ADD COLUMN "actor_name" TEXT;
-- The demo's rules (lib/demo/rules.ts), removed with the demo.
ALTER TABLE "alert_rules" ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "incident_alerts" (
    "incident_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "instance_key" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_alerts_pkey" PRIMARY KEY ("incident_id","rule_id","instance_key")
);

-- CreateTable
CREATE TABLE "incident_steps" (
    "incident_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "auto" BOOLEAN NOT NULL DEFAULT false,
    "done_by_id" TEXT,
    "done_by_name" TEXT,
    "done_at" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "incident_steps_pkey" PRIMARY KEY ("incident_id","slug","step_id")
);

-- CreateIndex
CREATE INDEX "incidents_backend_opened_at_idx" ON "incidents"("backend", "opened_at");
CREATE INDEX "incident_alerts_rule_id_instance_key_idx" ON "incident_alerts"("rule_id", "instance_key");

-- AddForeignKey
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_steps" ADD CONSTRAINT "incident_steps_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
