import { type WeibangEvent, WeibangStore } from "../platforms/weibang-store.ts";
import type { Random } from "../random.ts";
import type { TextPool } from "./corpus.ts";
import { NICKNAMES } from "./people.ts";

/** Builds the Weibang org and 20 events: posts in its community, comments under them, direct messages. */
export function seedWeibang(random: Random, pool: TextPool): WeibangStore {
  const store = new WeibangStore(random.hex(40), { id: "44010001", name: "共青团广州市委" });
  const posts: string[] = [];
  for (let i = 0; i < 20; i++) {
    const post = pool.take("weibang");
    const author = {
      id: `wb_${random.hex(24)}`,
      display_name: NICKNAMES[(i * 7 + 3) % NICKNAMES.length] ?? "微邦用户",
    };
    let eventType: WeibangEvent["eventType"];
    let threadId: string;
    if (i % 4 === 0 || posts.length === 0) {
      eventType = "post.published";
      threadId = `post_${random.int(10_000_000, 99_999_999)}`;
      posts.push(threadId);
    } else if (i % 2 === 1) {
      eventType = "comment.created";
      threadId = random.pick(posts);
    } else {
      eventType = "message.created";
      threadId = `conv_${random.hex(16)}`;
    }
    store.pending.push({
      eventId: random.uuid(),
      eventType,
      author,
      threadId,
      text: post.text,
      attachments:
        i === 4 || i === 13
          ? [{ type: "image", url: `https://img.weibang.youth.cn/upload/${random.hex(32)}.jpg` }]
          : [],
      occurredAt: null,
    });
  }
  return store;
}
