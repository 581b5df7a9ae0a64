import { readFileSync } from "node:fs";
import type { InboundItem } from "@qnzs/adapters/contract";
import { segmentText } from "@qnzs/core/text/segment";

/**
 * Realistic Chinese youth posts in any number. A word-level Markov chain trained on the labelled corpus
 * (jieba words, so the vocabulary and phrasing are the corpus's own) writes new posts, decorated with channel
 * habits: hashtags, @mentions, emoji codes, links. About 3 % repeat an earlier post with small edits, as reposts do.
 */
const CORPUS = new URL("../../core/src/understand/fixtures/questions.dev.jsonl", import.meta.url);
const TAGS = ["#考研#", "#西部计划#", "#青年之声#", "#就业#", "#租房#", "#催婚#"];
const TAILS = ["[微笑]", "[泪]", "😭", "🙏", "在线等", "求助", "急急急"];
const END = "\u0000";

export interface GeneratedPost {
  channel: string;
  item: InboundItem;
}

export function createPostGenerator(seed = 42): (index: number) => GeneratedPost {
  const chain = new Map<string, string[]>();
  for (const line of readFileSync(CORPUS, "utf8").split("\n").filter(Boolean)) {
    const words = segmentText((JSON.parse(line) as { text: string }).text);
    let previous = END;
    for (const word of [...words, END]) {
      const next = chain.get(previous);
      if (next) next.push(word);
      else chain.set(previous, [word]);
      previous = word;
    }
  }
  const channels = ["weibo", "wechat", "weibang", "h5", "rss"];
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const recent: string[] = [];
  const start = Date.UTC(2025, 0, 1);

  const writeSentence = () => {
    let text = "";
    let word = pick(chain.get(END)!);
    for (let length = 0; word !== END && length < 80; length++) {
      text += word;
      word = pick(chain.get(word) ?? [END]);
    }
    return text;
  };

  return (index) => {
    let text: string;
    if (recent.length > 50 && random() < 0.03) {
      text = `${pick(recent)} //@网友${Math.floor(random() * 1000)}:同问 ${pick(TAILS)}`;
    } else {
      text = writeSentence();
      while (text.length < 30) text += writeSentence();
      if (random() < 0.3) text = `${pick(TAGS)} ${text}`;
      if (random() < 0.3) text += ` ${pick(TAILS)}`;
      if (random() < 0.1) text += ` http://t.cn/A${Math.floor(random() * 1e8).toString(36)}`;
      recent.push(text);
      if (recent.length > 500) recent.shift();
    }
    const channel = channels[index % channels.length]!;
    return {
      channel,
      item: {
        externalId: `gen-${index}`,
        itemKind: index % 3 === 0 ? "comment" : "post",
        text,
        author: { id: `u${index % 5000}`, name: `青年${index % 5000}` },
        publishedAt: new Date(start + index * 30_000).toISOString(),
        counters: { reposts: index % 7, comments: index % 5 },
        raw: { id: `gen-${index}`, text },
      },
    };
  };
}
