-- Team-edited checklist templates become versions of a built-in (by slug): each save is a new row
-- with its author; the newest is in force; a "restore built-in" is a row too (built_in, no steps).
-- Nothing wrote "checklists" before, so it is replaced rather than altered.
-- An incident uses the versions in force when its row was created (created_at, the wall clock:
-- opened_at is event time and can lie in the past for replayed or backfilled logs).

-- DropTable
DROP TABLE "checklists";

-- CreateTable
CREATE TABLE "checklist_versions" (
    "id" BIGSERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "author_id" TEXT,
    "author_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checklist_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "checklist_versions_slug_version_key" ON "checklist_versions"("slug", "version");

-- AlterTable
ALTER TABLE "incidents" ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
