/**
 * What the publishing API answers: the outbox per target, previews with their findings, cross-posts, the managed
 * word lists and lifecycle webhooks. Registered with the case API's schemas, so one OpenAPI document covers both.
 */
import { PUBLISH_KINDS } from "@qnzs/core/publish/targets";
import { PERSONAL_DATA_KINDS } from "@qnzs/core/text/mask";
import {
  ANSWER_STATUSES,
  PUBLICATION_STATUSES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENTS,
  WORD_LISTS,
} from "@qnzs/db/schema";
import { z } from "zod";
import { AnswerSchema, CaseSchema, named, WordHitSchema } from "./schemas.ts";

const Id = z.number().int();
const Instant = z.iso.datetime();
const Text = z.string();

export const PublicationSchema = named(
  "Publication",
  z.object({
    id: Id,
    answerId: Id,
    target: Text.describe("发布目标：weibo:3:reply-to:17、wechat:4:article、portal …"),
    channel: Text,
    accountId: Id.nullable(),
    kind: z.enum(PUBLISH_KINDS).nullable(),
    status: z.enum(PUBLICATION_STATUSES),
    statusName: Text,
    attempts: Id,
    nextAttemptAt: Instant,
    lastError: Text.nullable().describe(
      "失败或待确认的原因；已发送时为平台备注 / why it failed, or the platform's note",
    ),
    remoteId: Text.nullable(),
    remoteUrl: Text.nullable(),
    sentAt: Instant.nullable(),
    updatedAt: Instant,
    text: Text.nullable().describe("发送（或将发送）的文本，已脱敏 / the masked text sent"),
  }),
);

export const AnswerPublicationsSchema = named(
  "AnswerPublications",
  z.object({ answerId: Id, publications: z.array(PublicationSchema) }),
);

export const PublicationActionResultSchema = named(
  "PublicationActionResult",
  z.object({ publication: PublicationSchema, publications: z.array(PublicationSchema) }),
);

export const ApprovalResultSchema = named(
  "ApprovalResult",
  z.object({
    answer: AnswerSchema,
    case: CaseSchema,
    publications: z.array(PublicationSchema).describe("审核通过时写入发件箱的各目标 / the outbox rows planned"),
  }),
);

export const PreviewSchema = named(
  "PublishPreview",
  z.object({
    blocked: z.boolean().describe("含敏感词，不能发布 / a sensitive word blocks publishing"),
    sensitiveWords: z.array(WordHitSchema),
    watchedTopics: z.array(WordHitSchema).describe("重点关注话题：须上级审核 / raise the review tier"),
    targets: z.array(
      z.object({
        target: Text,
        channel: Text,
        kind: z.enum(PUBLISH_KINDS),
        maxLength: Id,
        skipReason: Text.nullable(),
        text: Text,
        html: Text.nullable(),
        title: Text.nullable(),
        digest: Text.nullable(),
        truncated: z.boolean(),
        length: Id,
        personalData: z.array(z.object({ kind: z.enum(PERSONAL_DATA_KINDS), start: Id, end: Id })),
      }),
    ),
  }),
);

export const CrossPostSchema = named(
  "CrossPost",
  AnswerSchema.extend({
    title: Text.nullable(),
    targets: z.array(z.object({ accountId: Id, kind: z.enum(["post", "article"]) })).nullable(),
    status: z.enum(ANSWER_STATUSES),
  }),
);

export const CrossPostListSchema = named(
  "CrossPostList",
  z.object({ total: Id, items: z.array(CrossPostSchema.extend({ orgName: Text.nullable() })) }),
);

export const CrossPostDetailSchema = named(
  "CrossPostDetail",
  z.object({ post: CrossPostSchema, orgName: Text.nullable(), publications: z.array(PublicationSchema) }),
);

export const CrossPostApprovalSchema = named(
  "CrossPostApproval",
  z.object({ post: CrossPostSchema, publications: z.array(PublicationSchema) }),
);

const WordSchema = named(
  "SensitiveWord",
  z.object({ id: Id, list: z.enum(WORD_LISTS), word: Text, category: Text.nullable(), createdAt: Instant }),
);

export const WordListSchema = named("SensitiveWordList", z.object({ total: Id, words: z.array(WordSchema) }));
export const WordsAddedSchema = named("SensitiveWordsAdded", z.object({ added: Id }));
export const WordsRemovedSchema = named("SensitiveWordsRemoved", z.object({ removed: z.array(WordSchema) }));

const WebhookSchema = named(
  "Webhook",
  z.object({
    id: Id,
    orgId: Id,
    url: Text,
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    createdBy: Id.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  }),
);

export const WebhookListSchema = named("WebhookList", z.array(WebhookSchema));

export const RegisteredWebhookSchema = named(
  "RegisteredWebhook",
  z.object({
    webhook: WebhookSchema,
    secret: Text.describe("签名密钥：仅此一次返回，请妥善保存 / the signing secret, shown this once only"),
  }),
);

export const WebhookDeliveryListSchema = named(
  "WebhookDeliveryList",
  z.array(
    z.object({
      id: Id,
      webhookId: Id,
      eventId: Id,
      eventType: Text,
      status: z.enum(WEBHOOK_DELIVERY_STATUSES),
      attempts: Id,
      nextAttemptAt: Instant,
      lastError: Text.nullable(),
      responseStatus: Id.nullable(),
      deliveredAt: Instant.nullable(),
      createdAt: Instant,
    }),
  ),
);
