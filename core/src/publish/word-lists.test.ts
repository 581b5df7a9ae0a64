import type { Database } from "@qnzs/db";
import { auditLog } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../cases/access.ts";
import { AccessDenied } from "../cases/errors.ts";
import { openSeeded, personAt } from "../cases/test-support.ts";
import { checkText } from "./sensitive-words.ts";
import { addWords, createWordListCache, listWords, removeWords, seedWords } from "./word-lists.ts";

describe.each(databaseTargets())("the managed word lists on $name", (target) => {
  let database: Database;
  let siteAdmin: Actor;
  let cadre: Actor;

  beforeAll(async () => {
    database = await openSeeded(target);
    siteAdmin = { ...(await personAt(database.db, "共青团四川省委员会", "admin", "系统管理员")), isAdmin: true };
    cadre = await personAt(database.db, "共青团四川省委员会", "cadre", "省委 干部");
  });
  afterAll(() => database.close());

  it("takes effect at the next check after an admin edits a list, and records who did it", async () => {
    const db = database.db;
    const cache = createWordListCache();
    expect((await cache.load(db)).sensitiveWords.size).toBe(0);
    expect((await cache.load(db)).watchedTopics).toBeNull();

    expect(
      await addWords(db, siteAdmin, { list: "blocked", words: [{ word: "代写论文", category: "学术不端" }] }),
    ).toEqual({ added: 1 });
    // listed twice, and once already there: only the new one counts
    expect(
      await addWords(db, siteAdmin, {
        list: "blocked",
        words: [{ word: "代写论文" }, { word: "办证" }, { word: "办证" }],
      }),
    ).toEqual({ added: 1 });
    await seedWords(db, "watched", [{ word: "欠薪" }]);

    const lists = await cache.load(db);
    expect(checkText("专业代 写论文，包过", lists.sensitiveWords).hits.map((hit) => [hit.word, hit.category])).toEqual([
      ["代写论文", "学术不端"],
    ]);
    expect(checkText("公司欠薪三个月", lists.watchedTopics!).blocked).toBe(true);

    const page = await listWords(db, { list: "blocked" });
    expect(page.words.map((row) => row.word).sort()).toEqual(["代写论文", "办证"]);
    const removed = await removeWords(db, siteAdmin, {
      ids: page.words.filter((row) => row.word === "办证").map((row) => row.id),
    });
    expect(removed.map((row) => row.word)).toEqual(["办证"]);
    expect(checkText("快速办证", (await cache.load(db)).sensitiveWords).blocked).toBe(false);

    const audits = await db.select().from(auditLog).where(eq(auditLog.subjectType, "word_list"));
    expect(audits.map((row) => [row.action, row.actorId])).toEqual([
      ["words.add", siteAdmin.userId],
      ["words.add", siteAdmin.userId],
      ["words.remove", siteAdmin.userId],
    ]);
  });

  it("lets only site admins change the lists", async () => {
    const db = database.db;
    await expect(addWords(db, cadre, { list: "blocked", words: [{ word: "赌博" }] })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    expect((await listWords(db, { q: "赌博" })).total).toBe(0);
  });
});
