ALTER TABLE "generations" ADD COLUMN "record" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "provenance" jsonb;