/**
 * Urgent posts become cases the moment their batch is stored, whichever way they came in: WeChat and Weibang push
 * deliveries through the callback, and crawls of every pulled channel — against the simulator's seeded posts.
 */
import { queryRows } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { push, startWorld, type World } from "./world.ts";

describe("urgent intake from pushes and crawls", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(databaseTargets()[0]!);
  });
  afterAll(() => world?.close());

  /** Urgent posts by channel kind, and how many of them belong to a case. */
  const urgentPosts = () =>
    queryRows<{ channel: string; urgent: number; in_case: number }>(
      world.database.db,
      sql`select p.channel, count(*)::int as urgent,
            count(*) filter (where exists (select 1 from case_posts cp where cp.post_id = p.id))::int as in_case
          from posts p where p.urgent group by p.channel order by p.channel`,
    );

  it("opens a case for every urgent post pushed or crawled, and none for a second crawl", async () => {
    expect((await push(world, "wechat")).failed).toEqual([]);
    expect((await push(world, "weibang")).failed).toEqual([]);
    const pushed = await urgentPosts();
    expect(pushed.find((row) => row.channel === "wechat")?.urgent).toBeGreaterThan(0);
    for (const row of pushed) expect(row.in_case, row.channel).toBe(row.urgent);

    await world.hub.operations.crawl({});
    const crawled = await urgentPosts();
    expect(crawled.reduce((sum, row) => sum + row.urgent, 0)).toBeGreaterThan(
      pushed.reduce((sum, row) => sum + row.urgent, 0),
    );
    for (const row of crawled) expect(row.in_case, row.channel).toBe(row.urgent);

    const [before] = await queryRows<{ n: number }>(world.database.db, sql`select count(*)::int as n from cases`);
    await world.hub.operations.crawl({});
    const [after] = await queryRows<{ n: number }>(world.database.db, sql`select count(*)::int as n from cases`);
    expect(after!.n).toBe(before!.n);
    // every one of them urgent, from a post, and due within the fast lane's half hour
    const cases = await queryRows<{ urgent: boolean; source: string; minutes: number }>(
      world.database.db,
      sql`select urgent, source, extract(epoch from due_at - created_at)::int / 60 as minutes from cases`,
    );
    expect(cases.length).toBe(before!.n);
    for (const row of cases) expect(row).toEqual({ urgent: true, source: "post", minutes: 30 });
  });
});
