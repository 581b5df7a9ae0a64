/**
 * A database the size the pages must cope with: generated posts (bench/search/load.ts, from the labelled
 * corpus), and cases across the org tree made through core/cases as people make them (asked, answered, approved,
 * made public, rated, supervised), then copied with their timelines and answers, shifted back in time, up to the
 * wanted count — the real path for the shape of the rows, copying for the volume.
 */
import { readFileSync } from "node:fs";
import { type Actor, loadActor } from "@qnzs/core/cases/access";
import { draftAnswer, makeAnswerPublic, reviewAnswer, submitAnswer } from "@qnzs/core/cases/answers";
import { rateCase } from "@qnzs/core/cases/feedback";
import { submitQuestion } from "@qnzs/core/cases/intake";
import { ensureCaseSeeds } from "@qnzs/core/cases/seed";
import { runSupervision } from "@qnzs/core/cases/supervision";
import { type Db, queryRows } from "@qnzs/db";
import { createCadre, createUser } from "@qnzs/db/case-factories";
import { sql } from "drizzle-orm";
import { loadPosts } from "../search/load.ts";

const CORPUS = new URL("../../core/src/understand/fixtures/questions.dev.jsonl", import.meta.url);
const DAY_MS = 86_400_000;
/** the template cases are spread over this many days before now; each copy round shifts them further back */
const TEMPLATE_DAYS = 45;
const SHIFT_DAYS = 3;

interface Place {
  orgId: number;
  region: string;
  city: string | null;
  county: string | null;
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function count(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(db, sql.raw(`select count(*) as n from ${table}`));
  return Number(row?.n ?? 0);
}

/** Questions from the corpus that are questions, to ask as cases. */
function readQuestions(): string[] {
  return readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string; is_question?: boolean })
    .filter((row) => row.is_question !== false && row.text.length >= 8)
    .map((row) => row.text);
}

/** Committees with a place: every case is asked from one of them, so routing keeps it there (each has a cadre). */
async function listPlaces(db: Db): Promise<Place[]> {
  const rows = await queryRows<{ id: string; region: string | null; city: string | null; county: string | null }>(
    db,
    sql`select id, region, city, county from orgs where kind = 'committee' and region is not null order by id`,
  );
  return rows.map((row) => ({ orgId: Number(row.id), region: row.region!, city: row.city, county: row.county }));
}

async function makeTemplateCases(db: Db, wanted: number, now: Date): Promise<void> {
  const random = createRandom(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const places = await listPlaces(db);
  const cadres = new Map<number, Actor>();
  for (const place of places) cadres.set(place.orgId, await loadActor(db, (await createCadre(db, place.orgId)).id));
  const reviewer = await loadActor(db, (await createUser(db, { isAdmin: true, displayName: "基准审核员" })).id);
  // cases at orgs without a cadre of their own (desks, universities) are answered by a site admin
  const fallback = await loadActor(db, (await createUser(db, { isAdmin: true, displayName: "基准答复员" })).id);
  const questions = readQuestions();
  // 四川 and 广东 are in depth in the seed tree; most questions come from their cities and counties
  const deep = places.filter((place) => place.region === "四川省" || place.region === "广东省");
  for (let i = 0; i < wanted; i++) {
    const place = random() < 0.7 ? pick(deep) : pick(places);
    const askedAt = new Date(now.getTime() - random() * TEMPLATE_DAYS * DAY_MS);
    const { case: row } = await submitQuestion(
      db,
      {
        description: pick(questions),
        region: place.region,
        ...(place.city ? { city: place.city } : {}),
        ...(place.county ? { county: place.county } : {}),
      },
      { now: askedAt },
    );
    if (random() > 0.8 || row.orgId === null) continue;
    const author = cadres.get(row.orgId) ?? fallback;
    const draftAt = new Date(askedAt.getTime() + (0.05 + random() * 3) * DAY_MS);
    const approveAt = new Date(draftAt.getTime() + random() * 0.5 * DAY_MS);
    if (approveAt >= now) continue;
    const draft = await draftAnswer(
      db,
      author,
      { caseId: row.id, body: `您好，关于“${row.title}”，请携带相关材料到当地团委青年之家咨询，我们会持续跟进。` },
      { now: draftAt },
    );
    await submitAnswer(db, author, { answerId: draft.id }, { now: draftAt });
    await reviewAnswer(db, reviewer, { answerId: draft.id, approve: true }, { now: approveAt });
    if (random() < 0.6) await makeAnswerPublic(db, reviewer, { answerId: draft.id }, { now: approveAt });
    const ratedAt = new Date(approveAt.getTime() + random() * DAY_MS);
    if (random() < 0.6 && ratedAt < now) {
      const rating = random() < 0.8 ? 4 + Math.round(random()) : 1 + Math.floor(random() * 3);
      await rateCase(db, { code: row.code, rating }, { now: ratedAt });
    }
  }
  await runSupervision(db, now);
}

async function listColumns(db: Db, table: string): Promise<{ name: string; type: string }[]> {
  const rows = await queryRows<{ column_name: string; data_type: string }>(
    db,
    sql`select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER' and column_name <> 'id'
      order by ordinal_position`,
  );
  return rows.map((row) => ({ name: row.column_name, type: row.data_type }));
}

/**
 * Copies the template cases (ids up to `lastTemplateId`) with their events and answers, every time moved back
 * by `round × SHIFT_DAYS` days; a copy's code is its template's with `-round`.
 */
async function copyCases(db: Db, lastTemplateId: number, round: number): Promise<void> {
  if (lastTemplateId <= 0) return;
  const shift = `interval '${round * SHIFT_DAYS} days'`;
  const select = (columns: { name: string; type: string }[], alias: string, overrides: Record<string, string>) =>
    columns
      .map(({ name, type }) =>
        name in overrides
          ? overrides[name]
          : type.startsWith("timestamp")
            ? `${alias}."${name}" - ${shift}`
            : `${alias}."${name}"`,
      )
      .join(", ");
  const list = (columns: { name: string }[]) => columns.map(({ name }) => `"${name}"`).join(", ");
  const caseColumns = await listColumns(db, "cases");
  await db.execute(
    sql.raw(`insert into cases (${list(caseColumns)})
      select ${select(caseColumns, "t", { code: `t.code || '-${round}'`, merged_into: "null" })}
      from cases t where t.id <= ${lastTemplateId} order by t.id`),
  );
  const copyOf = `join cases c on c.code = t.code || '-${round}'`;
  const eventColumns = await listColumns(db, "case_events");
  await db.execute(
    sql.raw(`insert into case_events (${list(eventColumns)})
      select ${select(eventColumns, "e", { case_id: "c.id" })}
      from case_events e join cases t on t.id = e.case_id ${copyOf} where t.id <= ${lastTemplateId} order by e.id`),
  );
  const answerColumns = await listColumns(db, "answers");
  await db.execute(
    sql.raw(`insert into answers (${list(answerColumns)})
      select ${select(answerColumns, "a", { case_id: "c.id" })}
      from answers a join cases t on t.id = a.case_id ${copyOf} where t.id <= ${lastTemplateId} order by a.id`),
  );
}

export interface SeedReport {
  posts: number;
  cases: number;
  events: number;
  publicAnswers: number;
}

export async function seedPagesDatabase(
  db: Db,
  options: { posts: number; cases: number; templates: number; now: Date; log: (line: string) => void },
): Promise<SeedReport> {
  await ensureCaseSeeds(db);
  const havePosts = await count(db, "posts");
  if (havePosts < options.posts) {
    options.log(`loading posts: ${havePosts} → ${options.posts}`);
    await loadPosts(db, options.posts, (done) => {
      if (done % 20_000 === 0) options.log(`  ${done.toLocaleString("en-US")} posts`);
    });
  }
  // the watched accounts belong to 四川's committee, so its cadre's monitor has posts to show
  await db.execute(sql`update channel_accounts set org_id = (select id from orgs where name = '共青团四川省委员会')
    where name in ('bench-weibo', 'bench-wechat') and org_id is null`);
  const [made] = await queryRows<{ n: string }>(db, sql`select count(*) as n from cases where code not like '%-%-%'`);
  const templates = Math.min(options.templates, options.cases) - Number(made?.n ?? 0);
  if (templates > 0) {
    options.log(`making ${templates} cases through core/cases`);
    await makeTemplateCases(db, templates, options.now);
  }
  for (let round = 1; ; round++) {
    const missing = options.cases - (await count(db, "cases"));
    if (missing <= 0) break;
    const [copied] = await queryRows<{ n: string }>(
      db,
      sql`select count(*) as n from cases where code like ${`%-${round}`}`,
    );
    if (Number(copied?.n ?? 0) > 0) continue;
    // the last round copies only as many templates as are still missing
    const [bound] = await queryRows<{ id: string }>(
      db,
      sql`select id from (select id from cases where code not like '%-%-%' order by id limit ${missing}) t
        order by id desc limit 1`,
    );
    if (!bound) break;
    await copyCases(db, Number(bound.id), round);
    if (round % 5 === 0) options.log(`  ${(await count(db, "cases")).toLocaleString("en-US")} cases`);
  }
  // a running hub keeps up with supervision every minute; the copies arrive with a backlog (closings, archiving,
  // escalations) that would otherwise be worked off in 500-case batches while the pages are being timed
  for (let run = 0; run < 200; run++) {
    const done = await runSupervision(db, options.now);
    const count = Object.values(done).reduce(
      (total: number, value) => total + (typeof value === "number" ? value : 0),
      0,
    );
    if (count === 0) break;
    if (run % 5 === 0) options.log(`  supervision caught up on ${count} cases`);
  }
  // what autovacuum does on a server: fresh statistics and a visibility map, so counts can use index-only scans
  await db.execute(sql`vacuum analyze`);
  const [publicAnswers] = await queryRows<{ n: string }>(db, sql`select count(*) as n from answers where is_public`);
  return {
    posts: await count(db, "posts"),
    cases: await count(db, "cases"),
    events: await count(db, "case_events"),
    publicAnswers: Number(publicAnswers?.n ?? 0),
  };
}
