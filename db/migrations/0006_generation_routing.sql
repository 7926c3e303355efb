ALTER TABLE "generations" ADD COLUMN "routing" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "scores" jsonb;