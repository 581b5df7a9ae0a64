/**
 * The publishing API, as operations of the one JSON API (same sign-in, same errors, same OpenAPI document): the
 * outbox per target with a person's retry, cancel and confirm; previews with every finding; editors'
 * cross-posts through review; the managed word lists; lifecycle webhooks. Nothing here calls a platform: the
 * outbox worker sends. Handlers read the hub's publishing setup through `publishing()`, so the document can be
 * built without a running hub.
 */
import { ApproveAndPlanSchema, previewAnswerPublications } from "@qnzs/core/publish/approve";
import {
  approveCrossPost,
  CrossPostFieldsSchema,
  DraftCrossPostSchema,
  draftCrossPost,
  getCrossPost,
  ListCrossPostsSchema,
  listCrossPosts,
  previewCrossPost,
  rejectCrossPost,
  reviseCrossPost,
  submitCrossPost,
} from "@qnzs/core/publish/cross-post";
import type { PublicationRow } from "@qnzs/core/publish/outbox";
import { listPublications } from "@qnzs/core/publish/outbox";
import {
  assertCanSeePublications,
  decidePublication,
  type PublicationAction,
  toPublicationView,
} from "@qnzs/core/publish/publication-access";
import {
  deactivateWebhook,
  listWebhookDeliveries,
  listWebhooks,
  RegisterWebhookSchema,
  registerWebhook,
} from "@qnzs/core/publish/webhook-registry";
import { AddWordsSchema, addWords, ListWordsSchema, listWords, removeWords } from "@qnzs/core/publish/word-lists";
import { z } from "zod";
import { type AnyOperation, defineOperation } from "./operation.ts";
import {
  AnswerPublicationsSchema,
  CrossPostApprovalSchema,
  CrossPostDetailSchema,
  CrossPostListSchema,
  CrossPostSchema,
  PreviewSchema,
  PublicationActionResultSchema,
  RegisteredWebhookSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
  WordListSchema,
  WordsAddedSchema,
  WordsRemovedSchema,
} from "./publish-schemas.ts";
import type { Publishing } from "./publishing.ts";

const PathId = z.object({ id: z.coerce.number().int().positive() });
const NoBody = z.object({});
const Reason = z.object({ reason: z.string().trim().max(500).optional() });

const views = (rows: readonly PublicationRow[]) => rows.map(toPublicationView);

export function listPublishOperations(publishing: () => Publishing): readonly AnyOperation[] {
  const personAction = (action: PublicationAction, summary: string) =>
    defineOperation({
      operationId: `${action}Publication`,
      method: "POST",
      path: `/api/publications/{id}/${action}`,
      summary,
      tags: ["publications"],
      access: "user",
      params: PathId,
      body: action === "confirm" ? Reason.extend({ remoteUrl: z.url().max(2000).optional() }) : Reason,
      response: PublicationActionResultSchema,
      handle: async ({ db, actor, params, body, now }) => {
        const result = await decidePublication(db, actor, { id: params.id, action, ...body }, now);
        return { publication: toPublicationView(result.publication), publications: views(result.publications) };
      },
    });

  return [
    defineOperation({
      operationId: "listAnswerPublications",
      method: "GET",
      path: "/api/answers/{id}/publications",
      summary: "答复在各渠道的发布状态 / where the answer went, status per target",
      tags: ["publications"],
      access: "user",
      params: PathId,
      response: AnswerPublicationsSchema,
      handle: async ({ db, actor, params }) => {
        await assertCanSeePublications(db, actor, params.id);
        return { answerId: params.id, publications: views(await listPublications(db, params.id)) };
      },
    }),
    defineOperation({
      operationId: "previewAnswer",
      method: "POST",
      path: "/api/answers/{id}/preview",
      summary: "发布预览：各目标的效果、敏感词与个人信息 / every target's rendering and every finding",
      tags: ["publications"],
      access: "user",
      params: PathId,
      body: ApproveAndPlanSchema.pick({ added: true, portal: true }),
      response: PreviewSchema,
      handle: ({ db, actor, params, body, now }) =>
        previewAnswerPublications(db, actor, { answerId: params.id, ...body }, publishing().setup, { now }),
    }),
    personAction("retry", "重新发送（失败、多次失败、待确认或等待授权的目标） / send a target again"),
    personAction("cancel", "取消发送 / stop a target from being sent"),
    personAction("confirm", "确认已在平台上发出（待人工确认的目标） / confirm a parked send arrived"),

    defineOperation({
      operationId: "listCrossPosts",
      method: "GET",
      path: "/api/cross-posts",
      summary: "一键多发内容列表（本组织及下级） / the cross-posts of the caller's orgs",
      tags: ["cross-posts"],
      access: "user",
      query: z.object({
        status: ListCrossPostsSchema.shape.status,
        limit: z.coerce.number().int().min(1).max(200).optional(),
        offset: z.coerce.number().int().min(0).optional(),
      }),
      response: CrossPostListSchema,
      handle: ({ db, actor, query }) => listCrossPosts(db, actor, query),
    }),
    defineOperation({
      operationId: "createCrossPost",
      method: "POST",
      path: "/api/cross-posts",
      summary: "撰写一键多发内容（草稿） / write a standalone post for several accounts",
      tags: ["cross-posts"],
      access: "user",
      body: DraftCrossPostSchema,
      response: CrossPostSchema,
      status: 201,
      handle: ({ db, actor, body, now }) => draftCrossPost(db, actor, body, { now }),
    }),
    defineOperation({
      operationId: "previewCrossPostDraft",
      method: "POST",
      path: "/api/cross-posts/preview",
      summary: "预览未保存的内容在各账号的效果 / preview an unsaved post per account",
      tags: ["cross-posts"],
      access: "user",
      body: DraftCrossPostSchema,
      response: PreviewSchema,
      handle: ({ db, actor, body, now }) => previewCrossPost(db, actor, body, publishing().setup, { now }),
    }),
    defineOperation({
      operationId: "getCrossPost",
      method: "GET",
      path: "/api/cross-posts/{id}",
      summary: "内容及其各账号的发布状态 / a cross-post and its targets' states",
      tags: ["cross-posts"],
      access: "user",
      params: PathId,
      response: CrossPostDetailSchema,
      handle: async ({ db, actor, params }) => {
        const detail = await getCrossPost(db, actor, params.id);
        return { ...detail, publications: views(detail.publications) };
      },
    }),
    defineOperation({
      operationId: "reviseCrossPost",
      method: "PUT",
      path: "/api/cross-posts/{id}",
      summary: "修改草稿或被退回的内容 / revise a draft or a rejected post",
      tags: ["cross-posts"],
      access: "user",
      params: PathId,
      body: CrossPostFieldsSchema,
      response: CrossPostSchema,
      handle: ({ db, actor, params, body, now }) =>
        reviseCrossPost(db, actor, { answerId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "previewCrossPost",
      method: "GET",
      path: "/api/cross-posts/{id}/preview",
      summary: "已保存内容的发布预览 / preview a saved post per account",
      tags: ["cross-posts"],
      access: "user",
      params: PathId,
      response: PreviewSchema,
      handle: ({ db, actor, params, now }) =>
        previewCrossPost(db, actor, { answerId: params.id }, publishing().setup, { now }),
    }),
    defineOperation({
      operationId: "submitCrossPost",
      method: "POST",
      path: "/api/cross-posts/{id}/submit",
      summary: "提交审核 / send for review",
      tags: ["cross-posts"],
      access: "user",
      params: PathId,
      body: NoBody,
      response: CrossPostSchema,
      handle: ({ db, actor, params, now }) => submitCrossPost(db, actor, { answerId: params.id }, { now }),
    }),
    defineOperation({
      operationId: "approveCrossPost",
      method: "POST",
      path: "/api/cross-posts/{id}/approve",
      summary: "审核通过并写入发件箱（按定时发送） / approve: the outbox sends it at its time",
      tags: ["cross-posts"],
      access: "user",
      params: PathId,
      body: z.object({ note: z.string().trim().max(1000).optional() }),
      response: CrossPostApprovalSchema,
      handle: async ({ db, actor, params, body, now }) => {
        const result = await approveCrossPost(db, actor, { answerId: params.id, ...body }, publishing().setup, {
          now,
        });
        return { post: result.post, publications: views(result.publications) };
      },
    }),
    defineOperation({
      operationId: "rejectCrossPost",
      method: "POST",
      path: "/api/cross-posts/{id}/reject",
      summary: "退回修改（须说明理由） / send back to its author",
      tags: ["cross-posts"],
      access: "user",
      params: PathId,
      body: z.object({ note: z.string().trim().min(2).max(1000) }),
      response: CrossPostSchema,
      handle: ({ db, actor, params, body, now }) =>
        rejectCrossPost(db, actor, { answerId: params.id, ...body }, { now }),
    }),

    defineOperation({
      operationId: "listSensitiveWords",
      method: "GET",
      path: "/api/sensitive-words",
      summary: "敏感词库（blocked：禁发；watched：须上级审核） / the managed word lists",
      tags: ["sensitive-words"],
      access: "user",
      query: z.object({
        list: ListWordsSchema.shape.list,
        q: ListWordsSchema.shape.q,
        limit: z.coerce.number().int().min(1).max(1000).optional(),
        offset: z.coerce.number().int().min(0).optional(),
      }),
      response: WordListSchema,
      handle: ({ db, query }) => listWords(db, query),
    }),
    defineOperation({
      operationId: "addSensitiveWords",
      method: "POST",
      path: "/api/sensitive-words",
      summary: "添加敏感词（系统管理员） / add words to a list (site admins)",
      tags: ["sensitive-words"],
      access: "user",
      body: AddWordsSchema,
      response: WordsAddedSchema,
      status: 201,
      handle: ({ db, actor, body, now }) => addWords(db, actor, body, { now }),
    }),
    defineOperation({
      operationId: "removeSensitiveWord",
      method: "DELETE",
      path: "/api/sensitive-words/{id}",
      summary: "删除敏感词（系统管理员） / remove a word (site admins)",
      tags: ["sensitive-words"],
      access: "user",
      params: PathId,
      response: WordsRemovedSchema,
      handle: async ({ db, actor, params, now }) => ({
        removed: await removeWords(db, actor, { ids: [params.id] }, { now }),
      }),
    }),

    defineOperation({
      operationId: "registerWebhook",
      method: "POST",
      path: "/api/webhooks",
      summary: "登记组织的回调地址（HMAC-SHA256 签名） / register an org's signed lifecycle webhook",
      tags: ["webhooks"],
      access: "user",
      body: RegisterWebhookSchema,
      response: RegisteredWebhookSchema,
      status: 201,
      handle: ({ db, actor, body, now }) => {
        const { runtime, webhookAllowedHosts } = publishing();
        return registerWebhook(db, runtime.database.secrets, actor, body, { allowedHosts: webhookAllowedHosts, now });
      },
    }),
    defineOperation({
      operationId: "listWebhooks",
      method: "GET",
      path: "/api/webhooks",
      summary: "组织的回调地址 / an org's webhooks",
      tags: ["webhooks"],
      access: "user",
      query: z.object({ orgId: z.coerce.number().int().positive() }),
      response: WebhookListSchema,
      handle: ({ db, actor, query }) => listWebhooks(db, actor, query.orgId),
    }),
    defineOperation({
      operationId: "deactivateWebhook",
      method: "POST",
      path: "/api/webhooks/{id}/deactivate",
      summary: "停用回调 / stop a webhook",
      tags: ["webhooks"],
      access: "user",
      params: PathId,
      body: NoBody,
      response: WebhookListSchema.element,
      handle: ({ db, actor, params, now }) => deactivateWebhook(db, actor, params.id, now),
    }),
    defineOperation({
      operationId: "listWebhookDeliveries",
      method: "GET",
      path: "/api/webhooks/{id}/deliveries",
      summary: "最近的投递及结果 / the latest deliveries and how they went",
      tags: ["webhooks"],
      access: "user",
      params: PathId,
      response: WebhookDeliveryListSchema,
      handle: ({ db, actor, params }) => listWebhookDeliveries(db, actor, params.id),
    }),
  ];
}
