-- Every post's vector holds its channel as a lexeme (core/search channelLexeme), so a search filtered by channel is
-- answered by the GIN index alone.
UPDATE "posts" SET "tsv" = "tsv" || array_to_tsvector(ARRAY[chr(1) || 'channel:' || "channel"]);
