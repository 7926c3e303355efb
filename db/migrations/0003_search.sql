CREATE TABLE "chunks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"heading" text,
	"text" text NOT NULL,
	"char_start" integer NOT NULL,
	"char_end" integer NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(heading, '') || ' ' || text)) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_citations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"chunk_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"char_start" integer NOT NULL,
	"char_end" integer NOT NULL,
	"claim" text NOT NULL,
	"status" text NOT NULL,
	"coverage" real NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_learnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"query_id" uuid,
	"ordinal" integer NOT NULL,
	"text" text NOT NULL,
	"passages" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"parent_id" uuid,
	"ordinal" integer NOT NULL,
	"depth" integer NOT NULL,
	"query" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"results" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_run_sources" (
	"run_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"query_id" uuid,
	"ordinal" integer NOT NULL,
	"url" text NOT NULL,
	CONSTRAINT "search_run_sources_run_id_source_kind_source_id_pk" PRIMARY KEY("run_id","source_kind","source_id")
);
--> statement-breakpoint
CREATE TABLE "search_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid,
	"message_id" uuid,
	"actor" text NOT NULL,
	"query" text NOT NULL,
	"mode" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"answer" text,
	"synthesis" jsonb,
	"stats" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "web_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"url" text NOT NULL,
	"final_url" text NOT NULL,
	"canonical_url" text,
	"status" integer NOT NULL,
	"content_type" text NOT NULL,
	"title" text NOT NULL,
	"byline" text,
	"published_at" text,
	"lang" text,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"etag" text,
	"last_modified" text,
	"text" text NOT NULL,
	"links" jsonb NOT NULL,
	"note" text,
	"fetched_at" timestamp with time zone NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_citations" ADD CONSTRAINT "search_citations_run_id_search_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."search_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_learnings" ADD CONSTRAINT "search_learnings_run_id_search_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."search_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_learnings" ADD CONSTRAINT "search_learnings_query_id_search_queries_id_fk" FOREIGN KEY ("query_id") REFERENCES "public"."search_queries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_queries" ADD CONSTRAINT "search_queries_run_id_search_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."search_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_queries" ADD CONSTRAINT "search_queries_parent_id_search_queries_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."search_queries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_run_sources" ADD CONSTRAINT "search_run_sources_run_id_search_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."search_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_run_sources" ADD CONSTRAINT "search_run_sources_query_id_search_queries_id_fk" FOREIGN KEY ("query_id") REFERENCES "public"."search_queries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_runs" ADD CONSTRAINT "search_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_runs" ADD CONSTRAINT "search_runs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_runs" ADD CONSTRAINT "search_runs_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "web_sources" ADD CONSTRAINT "web_sources_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chunks_source_idx" ON "chunks" USING btree ("source_kind","source_id","ordinal");--> statement-breakpoint
CREATE INDEX "chunks_workspace_idx" ON "chunks" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "chunks_tsv_idx" ON "chunks" USING gin ("tsv");--> statement-breakpoint
CREATE UNIQUE INDEX "search_citations_run_idx" ON "search_citations" USING btree ("run_id","n");--> statement-breakpoint
CREATE INDEX "search_learnings_run_idx" ON "search_learnings" USING btree ("run_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "search_queries_run_idx" ON "search_queries" USING btree ("run_id","ordinal");--> statement-breakpoint
CREATE INDEX "search_runs_workspace_idx" ON "search_runs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "search_runs_message_idx" ON "search_runs" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "web_sources_version_idx" ON "web_sources" USING btree ("workspace_id","url","sha256");--> statement-breakpoint
CREATE INDEX "web_sources_url_idx" ON "web_sources" USING btree ("workspace_id","url","checked_at");--> statement-breakpoint
CREATE INDEX "web_sources_final_url_idx" ON "web_sources" USING btree ("workspace_id","final_url","checked_at");