-- One definition of a passage's text-search vector, for chunks and for the drafts computed ahead.
CREATE OR REPLACE FUNCTION atelier_chunk_tsv(heading text, body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_tsvector('english'::regconfig, coalesce(heading, '') || ' ' || body);
--> statement-breakpoint
CREATE TABLE "passage_drafts" (
	"ingest_id" uuid NOT NULL,
	"part" smallint DEFAULT 0 NOT NULL,
	"ordinal" integer NOT NULL,
	"heading" text,
	"text" text NOT NULL,
	"char_start" integer NOT NULL,
	"char_end" integer NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (atelier_chunk_tsv(heading, text)) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "passage_drafts_ingest_id_part_ordinal_pk" PRIMARY KEY("ingest_id","part","ordinal")
);
--> statement-breakpoint
CREATE INDEX "passage_drafts_created_idx" ON "passage_drafts" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "chunks" ALTER COLUMN "tsv" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "chunks" ALTER COLUMN "tsv" SET DEFAULT ''::tsvector;--> statement-breakpoint
-- chunks.tsv is no longer generated, so it can take a vector computed ahead (passage_drafts). A row
-- that comes without one (the empty default) gets it computed here, and so does every change of its
-- text. The WHEN clause keeps rows that bring their vector free of a per-row function call.
CREATE OR REPLACE FUNCTION atelier_chunks_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv := atelier_chunk_tsv(NEW.heading, NEW.text);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chunks_tsv_insert BEFORE INSERT ON "chunks"
  FOR EACH ROW WHEN (NEW.tsv IS NULL OR NEW.tsv = ''::tsvector) EXECUTE FUNCTION atelier_chunks_tsv();
--> statement-breakpoint
CREATE TRIGGER chunks_tsv_update BEFORE UPDATE OF heading, text ON "chunks"
  FOR EACH ROW EXECUTE FUNCTION atelier_chunks_tsv();
