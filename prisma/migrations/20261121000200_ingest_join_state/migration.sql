-- CreateTable
CREATE TABLE "ingest_join_state" (
    "source_id" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ingest_join_state_pkey" PRIMARY KEY ("source_id")
);

-- AddForeignKey
ALTER TABLE "ingest_join_state" ADD CONSTRAINT "ingest_join_state_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
