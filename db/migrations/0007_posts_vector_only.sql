ALTER TABLE "posts" ALTER COLUMN "tsv" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "posts" DROP COLUMN "tokens";