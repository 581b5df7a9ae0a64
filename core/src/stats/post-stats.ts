import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { sql } from "drizzle-orm";

export interface PostStats {
  posts: number;
  duplicates: number;
  /** distinct failed items (the same bad item seen twice counts once) */
  failures: number;
  questions: number;
  urgent: number;
  by_channel: Record<string, number>;
  /** posts per day of publication (UTC+8, the platforms' own day), newest first, at most `days` */
  by_day: { day: string; posts: number }[];
}

export async function collectPostStats(db: Db, days = 30): Promise<PostStats> {
  const totals = await queryRows<{
    posts: string;
    duplicates: string;
    questions: string;
    urgent: string;
    failures: string;
  }>(
    db,
    sql`
    select count(*) as posts,
      count(*) filter (where dup_of is not null) as duplicates,
      count(*) filter (where is_question) as questions,
      count(*) filter (where urgent) as urgent,
      (select count(*) from ingest_failures) as failures
    from posts
  `,
  );
  const channels = await queryRows<{ channel: string; posts: string }>(
    db,
    sql`
    select channel, count(*) as posts from posts group by channel order by channel
  `,
  );
  const perDay = await queryRows<{ day: string; posts: string }>(
    db,
    sql`
    select to_char(published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*) as posts
    from posts group by 1 order by 1 desc limit ${days}
  `,
  );
  const row = totals[0];
  return {
    posts: Number(row?.posts ?? 0),
    duplicates: Number(row?.duplicates ?? 0),
    failures: Number(row?.failures ?? 0),
    questions: Number(row?.questions ?? 0),
    urgent: Number(row?.urgent ?? 0),
    by_channel: Object.fromEntries(channels.map((r) => [r.channel, Number(r.posts)])),
    by_day: perDay.map((r) => ({ day: r.day, posts: Number(r.posts) })),
  };
}
