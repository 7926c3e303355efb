CREATE TABLE "references" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid,
	"uploaded_by" text NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"summary" jsonb NOT NULL,
	"row_index" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "references" ADD CONSTRAINT "references_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "references" ADD CONSTRAINT "references_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "references_workspace_idx" ON "references" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "references_conversation_idx" ON "references" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "references_sha256_idx" ON "references" USING btree ("sha256");--> statement-breakpoint
-- chunks.source_id has no foreign key (it points at web_sources or references), so a reference's
-- passages go with it however the row is deleted (directly, or by a conversation or workspace cascade).
CREATE OR REPLACE FUNCTION atelier_reference_chunks_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM chunks WHERE source_kind = 'reference' AND source_id = OLD.id;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER references_chunks_delete AFTER DELETE ON "references"
  FOR EACH ROW EXECUTE FUNCTION atelier_reference_chunks_delete();
