/**
 * The public side of publishing, open to anyone: the unified answers as Atom and RSS feeds (any system in the
 * matrix can subscribe) and as JSON for the portal's pages (`/answers/:id`, which links in replies point to).
 * Every text is the portal rendering fixed at approval, personal data masked; no case code (the asker's key).
 *
 *   GET /feeds/answers.atom   GET /feeds/answers.rss
 *   GET /api/public/answers?category=&limit=    GET /api/public/answers/:id
 */
import type { ServerResponse } from "node:http";
import { findPublicAnswer, listPublicAnswers, type PublicAnswer } from "@qnzs/core/publish/index";
import { CATEGORIES, type Category } from "@qnzs/db/schema";
import { Feed } from "feed";
import { HttpError, sendJson } from "../hub/http.ts";
import type { Route } from "../hub/router.ts";
import type { Publishing } from "./publishing.ts";

const CATEGORY_NAMES: Record<Category, string> = {
  study: "学习成才",
  employment: "创业就业",
  rights: "权益维护",
  relationships: "情感婚恋",
  other: "其他",
};

const FEED_SIZE = 50;

export function buildFeedRoutes(publishing: Publishing): Route[] {
  const db = publishing.runtime.database.db;
  const view = (answer: PublicAnswer) => ({
    ...answer,
    categoryName: answer.category ? CATEGORY_NAMES[answer.category] : null,
    url: publishing.portalUrlFor(answer.answerId),
  });
  const feedOf = async () => buildFeed(publishing, await listPublicAnswers(db, { limit: FEED_SIZE }));

  return [
    {
      method: "GET",
      pattern: "/feeds/answers.atom",
      auth: false,
      async handle({ response }) {
        sendXml(response, "application/atom+xml", (await feedOf()).atom1());
      },
    },
    {
      method: "GET",
      pattern: "/feeds/answers.rss",
      auth: false,
      async handle({ response }) {
        sendXml(response, "application/rss+xml", (await feedOf()).rss2());
      },
    },
    {
      method: "GET",
      pattern: "/api/public/answers",
      auth: false,
      async handle({ response, url }) {
        const category = url.searchParams.get("category");
        if (category !== null && !(CATEGORIES as readonly string[]).includes(category)) {
          throw new HttpError(400, `未知的分类 / unknown category: ${category}`);
        }
        const limit = Number(url.searchParams.get("limit") ?? FEED_SIZE);
        const answers = await listPublicAnswers(db, {
          ...(category ? { category: category as Category } : {}),
          limit: Number.isFinite(limit) ? limit : FEED_SIZE,
        });
        sendJson(response, 200, { answers: answers.map(view) });
      },
    },
    {
      method: "GET",
      pattern: "/api/public/answers/:id",
      auth: false,
      async handle(context) {
        const answer = await findPublicAnswer(db, answerIdOf(context.params.id));
        if (!answer) throw new HttpError(404, "答复不存在或尚未公开 / no such public answer");
        sendJson(context.response, 200, view(answer));
      },
    },
  ];
}

function buildFeed(publishing: Publishing, answers: readonly PublicAnswer[]): Feed {
  const base = publishing.publicUrl;
  const feed = new Feed({
    id: `${base}/feeds/answers.atom`,
    title: "青年之声 · 统一答复",
    description: "共青团青年之声平台公开的统一答复",
    link: base,
    language: "zh-CN",
    updated: answers[0]?.publishedAt ?? new Date(0),
    generator: "qnzs-hub",
    copyright: "共青团中央 青年之声",
    feedLinks: { atom: `${base}/feeds/answers.atom`, rss: `${base}/feeds/answers.rss` },
  });
  for (const answer of answers) {
    const link = publishing.portalUrlFor(answer.answerId);
    feed.addItem({
      title: answer.title,
      id: link,
      link,
      date: answer.publishedAt,
      description: answer.text.length > 200 ? `${answer.text.slice(0, 199)}…` : answer.text,
      content: answer.html,
      ...(answer.category ? { category: [{ name: CATEGORY_NAMES[answer.category] }] } : {}),
      ...(answer.orgName ? { author: [{ name: answer.orgName }] } : {}),
    });
  }
  return feed;
}

function sendXml(response: ServerResponse, type: string, body: string): void {
  response.writeHead(200, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-cache" });
  response.end(body);
}

function answerIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, "答复不存在 / no such answer");
  return id;
}
