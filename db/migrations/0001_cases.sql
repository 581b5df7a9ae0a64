CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_reassignments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_reassignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"from_org_id" bigint NOT NULL,
	"requested_by" bigint NOT NULL,
	"reason" text NOT NULL,
	"suggested_org_id" bigint,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"to_org_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "routing_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"region" text,
	"city" text,
	"county" text,
	"category" text,
	"keyword" text,
	"target_org_id" bigint NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"note" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sla_policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"category" text,
	"priority" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"clock" text DEFAULT 'working' NOT NULL,
	"due_minutes" integer NOT NULL,
	"warn_minutes" integer NOT NULL,
	"escalate_every_minutes" integer NOT NULL,
	CONSTRAINT "sla_policies_key_uq" UNIQUE NULLS NOT DISTINCT("category","priority","urgent")
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD COLUMN "org_id" bigint;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "overdue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supervisor_org_id" bigint;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_escalation_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "referred_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_reassignments" ADD CONSTRAINT "case_reassignments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reassignments" ADD CONSTRAINT "case_reassignments_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reassignments" ADD CONSTRAINT "case_reassignments_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reassignments" ADD CONSTRAINT "case_reassignments_suggested_org_id_orgs_id_fk" FOREIGN KEY ("suggested_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reassignments" ADD CONSTRAINT "case_reassignments_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reassignments" ADD CONSTRAINT "case_reassignments_to_org_id_orgs_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_target_org_id_orgs_id_fk" FOREIGN KEY ("target_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_reassignments_case_idx" ON "case_reassignments" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_reassignments_pending_uq" ON "case_reassignments" USING btree ("case_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "routing_rules_region_idx" ON "routing_rules" USING btree ("region","city","county");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_supervisor_org_id_orgs_id_fk" FOREIGN KEY ("supervisor_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_type_created_idx" ON "case_events" USING btree ("type","created_at");--> statement-breakpoint
CREATE INDEX "cases_warn_idx" ON "cases" USING btree ("warn_at");--> statement-breakpoint
CREATE INDEX "cases_next_escalation_idx" ON "cases" USING btree ("next_escalation_at");--> statement-breakpoint
CREATE INDEX "cases_supervisor_idx" ON "cases" USING btree ("supervisor_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_source_ref_uq" ON "cases" USING btree ("source","external_ref");--> statement-breakpoint
-- The timeline is append-only: the database itself refuses to change or remove an event.
CREATE FUNCTION "case_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "case_events_no_update_delete" BEFORE UPDATE OR DELETE ON "case_events"
  FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();--> statement-breakpoint
CREATE TRIGGER "case_events_no_truncate" BEFORE TRUNCATE ON "case_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "case_events_append_only"();
