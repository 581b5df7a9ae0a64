/**
 * The managed word lists (敏感词库) in the `sensitive_words` table: `blocked` words stop publishing, `watched`
 * topics send a text one review level up. Site admins edit them (every change in the audit log); approval and
 * preview read them through a per-process cache that recompiles the Aho–Corasick automaton only when a list
 * changed — ids only grow, so a list's (count, highest id) changes with every insert and delete.
 */
import type { Db } from "@qnzs/db";
import { auditLog, sensitiveWords, WORD_LISTS, type WordListName } from "@qnzs/db/schema";
import { and, asc, count, eq, ilike, inArray, max } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "../cases/access.ts";
import { parseInput } from "../cases/errors.ts";
import { compileSensitiveWords, type SensitiveWordEntry, type SensitiveWordList } from "./sensitive-words.ts";

/** What approval and preview check a text against. */
export interface WordLists {
  sensitiveWords: SensitiveWordList;
  /** null when no topic is watched */
  watchedTopics: SensitiveWordList | null;
}

export type WordRow = typeof sensitiveWords.$inferSelect;

const WordEntrySchema = z.object({
  word: z.string().trim().min(1, "词语不能为空 / empty word").max(50),
  category: z.string().trim().max(20).nullish(),
});

export const AddWordsSchema = z.object({
  list: z.enum(WORD_LISTS),
  words: z.array(WordEntrySchema).min(1).max(5000),
});

export const RemoveWordsSchema = z.object({ ids: z.array(z.number().int().positive()).min(1).max(5000) });

export const ListWordsSchema = z.object({
  list: z.enum(WORD_LISTS).optional(),
  q: z.string().trim().max(50).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});

const MANAGE_MESSAGE = "只有系统管理员可以维护敏感词库 / only site admins manage the word lists";

/** Adds words to a list (a word already listed is left as it is). Returns how many were new. */
export async function addWords(
  db: Db,
  actor: Actor,
  input: z.input<typeof AddWordsSchema>,
  options: { now?: Date } = {},
): Promise<{ added: number }> {
  assertCan(actor.isAdmin, MANAGE_MESSAGE);
  const data = parseInput(AddWordsSchema, input);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const added = await insertWords(tx, data.list, data.words, { createdBy: actor.userId, now });
    if (added.length > 0) {
      await tx.insert(auditLog).values({
        actorId: actor.userId,
        action: "words.add",
        subjectType: "word_list",
        subjectId: data.list,
        data: { words: added.map((row) => row.word) },
        createdAt: now,
      });
    }
    return { added: added.length };
  });
}

/** Removes words by id; returns the words removed. */
export async function removeWords(
  db: Db,
  actor: Actor,
  input: z.input<typeof RemoveWordsSchema>,
  options: { now?: Date } = {},
): Promise<WordRow[]> {
  assertCan(actor.isAdmin, MANAGE_MESSAGE);
  const data = parseInput(RemoveWordsSchema, input);
  return db.transaction(async (tx) => {
    const removed = await tx.delete(sensitiveWords).where(inArray(sensitiveWords.id, data.ids)).returning();
    if (removed.length > 0) {
      await tx.insert(auditLog).values({
        actorId: actor.userId,
        action: "words.remove",
        subjectType: "word_list",
        subjectId: [...new Set(removed.map((row) => row.list))].join(","),
        data: { words: removed.map((row) => ({ list: row.list, word: row.word })) },
        createdAt: options.now ?? new Date(),
      });
    }
    return removed;
  });
}

/** One page of a list, alphabetical, and the total; anyone who reviews or edits may read it. */
export async function listWords(
  db: Db,
  input: z.input<typeof ListWordsSchema> = {},
): Promise<{ total: number; words: WordRow[] }> {
  const data = parseInput(ListWordsSchema, input);
  const where = and(
    data.list ? eq(sensitiveWords.list, data.list) : undefined,
    data.q ? ilike(sensitiveWords.word, `%${data.q.replace(/[\\%_]/g, "\\$&")}%`) : undefined,
  );
  const [words, [total]] = await Promise.all([
    db
      .select()
      .from(sensitiveWords)
      .where(where)
      .orderBy(asc(sensitiveWords.list), asc(sensitiveWords.word))
      .limit(data.limit)
      .offset(data.offset),
    db.select({ n: count() }).from(sensitiveWords).where(where),
  ]);
  return { total: total?.n ?? 0, words };
}

/**
 * Loads lists into the table without an actor: the hub seeding them from the files named by
 * QNZS_SENSITIVE_WORDS / QNZS_WATCHED_TOPICS at start. Idempotent.
 */
export async function seedWords(
  db: Db,
  list: WordListName,
  entries: readonly SensitiveWordEntry[],
  options: { now?: Date } = {},
): Promise<number> {
  const words = entries.map((entry) => parseInput(WordEntrySchema, entry));
  return (await insertWords(db, list, words, { createdBy: null, now: options.now ?? new Date() })).length;
}

async function insertWords(
  db: Db,
  list: WordListName,
  words: readonly { word: string; category?: string | null | undefined }[],
  meta: { createdBy: number | null; now: Date },
): Promise<WordRow[]> {
  const unique = new Map(words.map((entry) => [entry.word, entry.category ?? null]));
  if (unique.size === 0) return [];
  return db
    .insert(sensitiveWords)
    .values(
      [...unique].map(([word, category]) => ({
        list,
        word,
        category,
        createdBy: meta.createdBy,
        createdAt: meta.now,
      })),
    )
    .onConflictDoNothing()
    .returning();
}

/** Reads the lists from the table, compiling each only when it changed since the last read. */
export function createWordListCache(): { load(db: Db): Promise<WordLists> } {
  const compiled = new Map<WordListName, { version: string; list: SensitiveWordList }>();
  const loadList = async (db: Db, list: WordListName, version: string): Promise<SensitiveWordList> => {
    const cached = compiled.get(list);
    if (cached?.version === version) return cached.list;
    const rows = await db
      .select({ word: sensitiveWords.word, category: sensitiveWords.category })
      .from(sensitiveWords)
      .where(eq(sensitiveWords.list, list));
    const fresh = compileSensitiveWords(rows);
    compiled.set(list, { version, list: fresh });
    return fresh;
  };
  return {
    async load(db) {
      const versions = await db
        .select({ list: sensitiveWords.list, n: count(), top: max(sensitiveWords.id) })
        .from(sensitiveWords)
        .groupBy(sensitiveWords.list);
      const versionOf = (list: WordListName) => {
        const row = versions.find((entry) => entry.list === list);
        return row ? `${row.n}:${row.top}` : "0";
      };
      const watchedVersion = versionOf("watched");
      return {
        sensitiveWords: await loadList(db, "blocked", versionOf("blocked")),
        watchedTopics: watchedVersion === "0" ? null : await loadList(db, "watched", watchedVersion),
      };
    },
  };
}
