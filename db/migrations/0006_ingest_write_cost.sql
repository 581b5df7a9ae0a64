DROP INDEX "posts_thread_idx";--> statement-breakpoint
DROP INDEX "posts_dup_of_idx";--> statement-breakpoint
ALTER TABLE "post_dup_keys" DROP CONSTRAINT "post_dup_keys_key_post_id_pk";--> statement-breakpoint
ALTER TABLE "posts" ALTER COLUMN "tsv" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "minhash_packed" bytea;--> statement-breakpoint
UPDATE "posts" SET "minhash_packed" = (
  SELECT decode(string_agg(lpad(to_hex(v & 255), 2, '0') || lpad(to_hex((v >> 8) & 255), 2, '0'), '' ORDER BY i), 'hex')
  FROM unnest("minhash") WITH ORDINALITY AS m(v, i)
) WHERE "minhash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "posts" DROP COLUMN "minhash";--> statement-breakpoint
ALTER TABLE "posts" RENAME COLUMN "minhash_packed" TO "minhash";--> statement-breakpoint
CREATE INDEX "post_dup_keys_key_idx" ON "post_dup_keys" USING btree ("key","post_id");--> statement-breakpoint
CREATE INDEX "posts_thread_idx" ON "posts" USING btree ("account_id","thread_id") WHERE thread_id is not null;--> statement-breakpoint
CREATE INDEX "posts_dup_of_idx" ON "posts" USING btree ("dup_of") WHERE dup_of is not null;--> statement-breakpoint
ALTER TABLE "posts" DROP COLUMN "tokens";