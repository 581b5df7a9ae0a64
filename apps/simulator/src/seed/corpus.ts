import { readFileSync } from "node:fs";
import { z } from "zod";
import { canEncodeGbk } from "../gbk.ts";

/** One seeded post text, trimmed from the shared labelled corpus (`posts.jsonl` next to this file). */
export const CorpusPostSchema = z.object({
  id: z.string(),
  channel: z.enum(["weibo", "wechat", "weibang", "h5"]),
  text: z.string().min(1),
  region: z.string().nullable().default(null),
  city: z.string().nullable().default(null),
});
export type CorpusPost = z.infer<typeof CorpusPostSchema>;
export type CorpusChannel = CorpusPost["channel"];

const BUNDLED = new URL("./posts.jsonl", import.meta.url);

/** Reads a jsonl corpus (the bundled one by default); lines that do not fit the schema are skipped. */
export function loadCorpus(path?: string): CorpusPost[] {
  const text = readFileSync(path ?? BUNDLED, "utf8");
  const posts: CorpusPost[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = CorpusPostSchema.safeParse(value);
    if (parsed.success) posts.push(parsed.data);
  }
  if (posts.length === 0) throw new Error(`no usable posts in ${path ?? BUNDLED.pathname}`);
  return posts;
}

/**
 * Hands out corpus texts in file order, preferring the channel they were written for and falling back to any other
 * unused text, so that every platform gets realistic texts and none is used twice while the corpus lasts.
 */
export class TextPool {
  private readonly used = new Set<string>();
  private cycle = 0;

  constructor(private readonly posts: readonly CorpusPost[]) {}

  take(channel: CorpusChannel, options: { gbk?: boolean } = {}): CorpusPost {
    const fits = (post: CorpusPost): boolean => !this.used.has(post.id) && (!options.gbk || canEncodeGbk(post.text));
    const post = this.posts.find((p) => p.channel === channel && fits(p)) ?? this.posts.find(fits);
    if (post) {
      this.used.add(post.id);
      return post;
    }
    return this.reuse(options);
  }

  /** Once the corpus is spent (new posts under `--rate`), texts come round again. */
  reuse(options: { gbk?: boolean } = {}): CorpusPost {
    for (let tries = 0; tries < this.posts.length; tries++) {
      const post = this.posts[this.cycle++ % this.posts.length] as CorpusPost;
      if (!options.gbk || canEncodeGbk(post.text)) return post;
    }
    return this.posts[0] as CorpusPost;
  }
}

/** A title for list pages and feeds: the first sentence, cut to a list-friendly length. */
export function titleOf(text: string, max = 28): string {
  // Form-style posts ("问题类型：学业\n问题描述：…") read better as one line.
  const flat = text
    .replace(/^https?:\/\/\S+\s*/, "")
    .replace(/\s*\n+\s*/g, " ")
    .trim();
  const first = flat.split(/[。！？!?]/)[0]?.trim() || flat;
  const chars = [...first];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : first;
}
