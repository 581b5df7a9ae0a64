-- Search chooses between walking the newest posts and reading a word's matches from the GIN index by the planner's
-- estimate of how many posts hold the word (core/search planRead); the two cost the same near 0.6 % of a million
-- posts. The default statistics keep the 1,000 most common words, and estimate every other word at half the
-- frequency of the last one kept. On the bench's posts that last word sits at 1 %, so a word in 1 % of the posts was
-- estimated at 0.5 % and read from the index: 心理咨询, 10,484 matches, 45–60 ms on PostgreSQL instead of 7–12.
-- 2,000 words reach below 0.6 %; ANALYZE of posts takes 1.1 s at a million posts instead of 0.5.
ALTER TABLE "posts" ALTER COLUMN "tsv" SET STATISTICS 200;
