/**
 * What case-handling.spec.ts needs beyond `qnzs` commands, written into the E2E data folder before the hub starts
 * (run by serve-hub.sh after the users exist, so routing finds the county cadres): one channel account of each of
 * two counties with a post, and questions asked two weeks ago — overdue now, and escalated by one supervision run —
 * so the supervision board has something to show. Usage: node --import tsx tests/e2e/seed-case-handling.ts DATA_DIR
 */
import { submitQuestion } from "@qnzs/core/cases/intake";
import { resolveOrgReference } from "@qnzs/core/cases/org-tree";
import { runSupervision } from "@qnzs/core/cases/supervision";
import { createChannelAccount } from "@qnzs/core/channels/accounts";
import { ingestBatch } from "@qnzs/core/ingest/index";
import { openDatabase } from "@qnzs/db";

const COUNTY_POSTS = [
  { org: "共青团成都市武侯区委员会", name: "武侯青年", text: "武侯区的青年夜校什么时候开课？想报名学摄影。" },
  { org: "共青团成都市锦江区委员会", name: "锦江青年", text: "锦江区有没有面向大学生的创业场地补贴？" },
];

const OVERDUE_QUESTIONS = [
  { county: "武侯区", description: "想咨询今年西部计划志愿者的报名条件和截止时间，应届毕业生可以报吗？" },
  { county: "武侯区", description: "社区有没有面向青年的职业技能培训？想学电工考证。" },
  { county: "锦江区", description: "团员组织关系从学校转到街道团工委，需要准备哪些材料？" },
];

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: seed-case-handling.ts DATA_DIR");
const database = await openDatabase({ dataDir, url: null });
try {
  const { db } = database;
  const now = new Date();
  for (const [index, post] of COUNTY_POSTS.entries()) {
    const org = await resolveOrgReference(db, post.org);
    const account = await createChannelAccount(db, database.secrets, {
      kind: "rss",
      name: post.name,
      orgId: org.id,
      config: { feedUrl: `https://county-${index + 1}.example/rss.xml` },
      secretFields: [],
    });
    await ingestBatch(db, {
      accountId: account.id,
      channel: account.kind,
      items: [
        {
          externalId: `county-${index + 1}`,
          itemKind: "post",
          text: post.text,
          publishedAt: new Date(now.getTime() - 3_600_000).toISOString(),
          author: { id: `county-author-${index + 1}`, name: `${post.name}网友` },
          raw: { text: post.text },
        },
      ],
    });
  }
  const twoWeeksAgo = new Date(now.getTime() - 14 * 86_400_000);
  for (const question of OVERDUE_QUESTIONS) {
    await submitQuestion(
      db,
      {
        source: "portal",
        description: question.description,
        region: "四川省",
        city: "成都市",
        county: question.county,
      },
      { now: twoWeeksAgo },
    );
  }
  await runSupervision(db, now);
} finally {
  await database.close();
}
