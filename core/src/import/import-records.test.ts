import type { Database } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildInboundItem } from "../testing/items.ts";
import { importRecords } from "./import-records.ts";
import type { ImportRecord } from "./records.ts";

const CHANNELS = ["weibo", "wechat", "h5"];

const QUESTIONS = [
  "考研调剂还有机会吗？一志愿复试被刷了",
  "公司拖欠三个月工资，应该去哪里投诉",
  "西部计划报名需要什么条件，研究生可以吗",
  "租房押金房东不退，合同上写得很清楚",
  "团组织关系转到新单位要怎么操作",
  "想创业开奶茶店，大学生有没有补贴",
  "和家里人因为彩礼吵架，心里很难受",
  "奖学金评定名单有问题，可以申诉吗",
  "毕业后档案放在哪里比较好？",
];

/** Eleven records, the channels interleaved, one of them unreadable and one without a channel at all. */
function buildExport(): ImportRecord[] {
  const records: ImportRecord[] = QUESTIONS.map((text, index) => ({
    ok: true,
    channel: CHANNELS[index % CHANNELS.length]!,
    item: buildInboundItem({ externalId: `e${index}`, text }),
  }));
  records.splice(4, 0, { ok: false, channel: "wechat", raw: { id: "bad" }, reason: "missing text" });
  records.push({ ok: false, channel: null, raw: "{not json", reason: "invalid JSON" });
  return records;
}

describe.each(databaseTargets())("importing an export ($name)", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("stores chunks that mix channels, each post under its channel's account, and reports progress", async () => {
    const progress: number[] = [];
    const totals = await importRecords(database.db, buildExport(), {
      batchSize: 4,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(totals).toEqual({ new: 9, updated: 0, duplicates: 0, failed: 2 });
    expect(progress).toEqual([4 / 11, 8 / 11, 1]);

    const stored = await queryRows<{ kind: string; external_id: string }>(
      database.db,
      sql`select a.kind, p.external_id from posts p join channel_accounts a on a.id = p.account_id order by p.external_id`,
    );
    expect(stored).toEqual(
      Array.from({ length: 9 }, (_, index) => ({ kind: CHANNELS[index % CHANNELS.length], external_id: `e${index}` })),
    );
    const failures = await queryRows<{ reason: string }>(
      database.db,
      sql`select reason from ingest_failures order by reason`,
    );
    expect(failures.map((failure) => failure.reason)).toEqual(["invalid JSON", "missing text"]);
  });

  it("changes nothing but counters when the same export is imported again", async () => {
    const totals = await importRecords(database.db, buildExport(), { batchSize: 4 });
    expect(totals).toEqual({ new: 0, updated: 9, duplicates: 0, failed: 2 });
    const [row] = await queryRows<{ posts: string; failures: string }>(
      database.db,
      sql`select (select count(*) from posts) as posts, (select count(*) from ingest_failures) as failures`,
    );
    expect([Number(row!.posts), Number(row!.failures)]).toEqual([9, 2]);
  });
});
