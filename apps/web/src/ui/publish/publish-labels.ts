/** Chinese names of publishing's codes. */
import type { PublishKind } from "@qnzs/core/publish/targets";
import type { AnswerStatus } from "@qnzs/db/schema";

export const PUBLISH_KIND_LABELS: Record<PublishKind, string> = {
  reply: "回复",
  comment: "评论回复",
  post: "发布新内容",
  message: "客服消息",
  article: "图文消息",
  portal: "门户答复页",
};

export const ANSWER_STATUS_LABELS: Record<AnswerStatus, string> = {
  draft: "草稿",
  in_review: "待审核",
  approved: "已通过",
  rejected: "已退回",
  published: "已发布",
};

export const FIELD_LABELS: Record<string, string> = { title: "标题", body: "正文" };

/** "title" → 标题, "variant:weibo" → 微博版本 (with the channel's label). */
export function labelField(field: string, labelChannel: (kind: string) => string): string {
  if (field.startsWith("variant:")) return `${labelChannel(field.slice("variant:".length))}版本`;
  return FIELD_LABELS[field] ?? field;
}
