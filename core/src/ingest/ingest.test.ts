import type { Database } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildInboundItem } from "../testing/items.ts";
import { ingestBatch } from "./index.ts";

describe.each(databaseTargets())("ingest on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  async function newAccount(kind = "weibo") {
    return createChannelAccount(database.db, { kind });
  }

  async function postRows(accountId: number) {
    const result = await queryRows<{
      external_id: string;
      text: string;
      counters: Record<string, number>;
      dup_of: string | null;
      id: string;
    }>(
      database.db,
      sql`select id, external_id, text, counters, dup_of from posts where account_id = ${accountId} order by id`,
    );
    return result;
  }

  it("stores a batch once: a re-ingest updates counters and never duplicates", async () => {
    const account = await newAccount();
    const items = [
      buildInboundItem({ externalId: "4230466846817001", counters: { comments: 1 } }),
      buildInboundItem({ externalId: "4230466846817002" }),
    ];
    const first = await ingestBatch(database.db, { accountId: account.id, channel: "weibo", items });
    expect(first).toMatchObject({ new: 2, updated: 0, failed: 0 });

    items[0] = { ...items[0]!, counters: { comments: 7 } };
    const second = await ingestBatch(database.db, { accountId: account.id, channel: "weibo", items });
    expect(second).toMatchObject({ new: 0, updated: 2, failed: 0 });

    const rows = await postRows(account.id);
    expect(rows.map((row) => row.external_id)).toEqual(["4230466846817001", "4230466846817002"]);
    expect(rows[0]!.counters).toEqual({ comments: 7 });
  });

  it("records malformed items with their reasons while the rest of the batch lands", async () => {
    const account = await newAccount();
    const good = buildInboundItem({ text: "请问西部计划什么时候报名？" });
    const items = [
      good,
      buildInboundItem({ externalId: "" }),
      buildInboundItem({ externalId: "no-date", publishedAt: "昨天下午" }),
      { ...buildInboundItem({ externalId: "no-text" }), text: undefined as unknown as string },
      buildInboundItem({ externalId: "blank", text: "\u200B \n " }),
    ];
    const report = await ingestBatch(database.db, {
      accountId: account.id,
      channel: "weibo",
      items,
      rejected: [{ raw: "<html>502 Bad Gateway</html>", reason: "HTML instead of JSON" }],
    });
    expect(report).toMatchObject({ new: 1, failed: 5 });
    expect((await postRows(account.id)).map((row) => row.external_id)).toEqual([good.externalId]);

    const failures = await queryRows<{ reason: string }>(
      database.db,
      sql`select reason from ingest_failures where account_id = ${account.id} order by id`,
    );
    expect(failures.map((row) => row.reason)).toEqual([
      "HTML instead of JSON",
      "missing external id",
      'unreadable published time "昨天下午"',
      "missing text",
      "empty text after normalisation",
    ]);
  });

  it("normalises text: zero-width characters stripped, HTML to text, Weibo emoji codes kept", async () => {
    const account = await newAccount();
    await ingestBatch(database.db, {
      accountId: account.id,
      channel: "weibo",
      items: [
        buildInboundItem({ externalId: "zw", text: "  用于开发测试评论功能的微博 \u200B[微笑]  " }),
        buildInboundItem({
          externalId: "html",
          format: "html",
          text: '<p>考研&amp;复试</p><script>alert(1)</script><span class="url-icon"><img alt="[doge]" src="x.png"></span>',
        }),
      ],
    });
    const texts = (await postRows(account.id)).map((row) => row.text);
    expect(texts).toEqual(["用于开发测试评论功能的微博 [微笑]", "考研&复试\n[doge]"]);
  });

  it("links a repost with small edits, and the same question on another channel, to the earliest post", async () => {
    const weibo = await newAccount("weibo");
    const wechat = await newAccount("wechat");
    const original = buildInboundItem({
      externalId: "orig",
      text: "三支一扶笔试过了 体检查出乙肝小三阳 会不会被刷啊 好慌",
      publishedAt: "2025-03-01T08:00:00Z",
    });
    await ingestBatch(database.db, { accountId: weibo.id, channel: "weibo", items: [original] });
    const repost = buildInboundItem({
      externalId: "repost",
      text: "三支一扶笔试过了，体检查出乙肝小三阳，会不会被刷掉？好慌 //@热心网友:同问 http://t.cn/A6xyz",
      publishedAt: "2025-03-01T09:00:00Z",
    });
    const unrelated = buildInboundItem({
      externalId: "other",
      text: "三支一扶的服务期满后考公有什么加分政策吗",
      publishedAt: "2025-03-01T10:00:00Z",
    });
    const report = await ingestBatch(database.db, {
      accountId: wechat.id,
      channel: "wechat",
      items: [repost, unrelated],
    });
    expect(report).toMatchObject({ new: 2, duplicates: 1 });

    const [originalRow] = await postRows(weibo.id);
    const wechatRows = await postRows(wechat.id);
    expect(wechatRows.find((row) => row.external_id === "repost")!.dup_of).toEqual(originalRow!.id);
    expect(wechatRows.find((row) => row.external_id === "other")!.dup_of).toBeNull();
  });

  it("links duplicates within one batch to the earliest of them, whatever the order they arrive in", async () => {
    const account = await newAccount();
    const later = buildInboundItem({
      externalId: "later",
      text: "团费到底怎么交 智慧团建一直显示未交 可我明明交了啊",
      publishedAt: "2025-05-02T00:00:00Z",
    });
    const earlier = buildInboundItem({
      externalId: "earlier",
      text: "团费到底怎么交啊 智慧团建上一直显示未交 我明明交了 在线等😭",
      publishedAt: "2025-05-01T00:00:00Z",
    });
    await ingestBatch(database.db, { accountId: account.id, channel: "weibo", items: [later, earlier] });
    const rows = await postRows(account.id);
    const earlierRow = rows.find((row) => row.external_id === "earlier")!;
    expect(earlierRow.dup_of).toBeNull();
    expect(rows.find((row) => row.external_id === "later")!.dup_of).toEqual(earlierRow.id);
  });

  it("keeps 64-bit ids and raw payloads exactly as received", async () => {
    const account = await newAccount("wechat");
    await ingestBatch(database.db, {
      accountId: account.id,
      channel: "wechat",
      items: [
        buildInboundItem({ externalId: "4363689963896700987", raw: { MsgId: 4363689963896700987n, nul: "a\u0000b" } }),
      ],
    });
    const result = await queryRows<{ external_id: string; raw: Record<string, string> }>(
      database.db,
      sql`select external_id, raw from posts where account_id = ${account.id}`,
    );
    expect(result[0]!.external_id).toBe("4363689963896700987");
    expect(result[0]!.raw.MsgId).toBe("4363689963896700987");
  });
});
