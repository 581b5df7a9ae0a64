/**
 * The publishing API (issue 6): approve an answer into the outbox, see every target's state, and the person
 * actions — retry, cancel, confirm a parked send; previews per channel with every finding; lifecycle webhooks;
 * and the public side (feeds, the answer pages). Nothing here calls a platform: the outbox worker sends.
 *
 *   POST /api/publish/answers/:id/approve        { note?, added?: [{accountId, kind}], portal? }
 *   GET  /api/publish/answers/:id                the answer's publications, status per target
 *   POST /api/publish/publications/:id/retry     { reason? }
 *   POST /api/publish/publications/:id/cancel    { reason? }
 *   POST /api/publish/publications/:id/confirm   { remoteUrl?, reason? }   a parked send a person found on the platform
 *   POST /api/publish/preview                    { answerId, added?, portal? } or { body, title?, variants?, channels? }
 */
import { listAdapters } from "@qnzs/adapters";
import {
  approveAndPlan,
  assertCanActOnPublication,
  assertCanSeePublications,
  cancelPublication,
  channelPreviewTargets,
  confirmPublished,
  listPublications,
  previewAnswer,
  previewAnswerPublications,
  retryPublication,
  settleAnswerPublication,
  toPublicationView,
} from "@qnzs/core/publish/index";
import { z } from "zod";
import { HttpError, readJson, sendJson } from "../hub/http.ts";
import type { Route, RouteContext } from "../hub/router.ts";
import { buildFeedRoutes } from "./feed-routes.ts";
import type { Publishing } from "./publishing.ts";
import { domainRoute, idParam, parseJson } from "./respond.ts";
import { buildWebhookRoutes } from "./webhook-routes.ts";

const JSON_LIMIT = 1024 * 1024;

const ReasonSchema = z.object({ reason: z.string().trim().max(500).optional() });
const ConfirmSchema = ReasonSchema.extend({ remoteUrl: z.url().max(2000).optional() });
const TextPreviewSchema = z.object({
  body: z.string().min(1).max(10_000),
  title: z.string().max(200).optional(),
  variants: z.record(z.string(), z.string().max(10_000)).optional(),
  channels: z.array(z.string()).optional(),
});

export function buildPublishRoutes(publishing: Publishing): Route[] {
  const db = publishing.runtime.database.db;
  const now = () => publishing.runtime.now();

  const personAction = (
    act: (input: { id: number; actorId: number; now: Date; body: z.infer<typeof ConfirmSchema> }) => Promise<unknown>,
  ) =>
    async function handle(context: RouteContext) {
      const id = idParam(context);
      const body = await parseJson(context, ConfirmSchema);
      const actor = await publishing.actors.resolve(context);
      const answerId = await assertCanActOnPublication(db, actor, id);
      await act({ id, actorId: actor.userId, now: now(), body });
      // a cancelled or confirmed row may be the last one the answer waited for
      await settleAnswerPublication(db, answerId, now());
      const rows = await listPublications(db, answerId);
      sendJson(context.response, 200, {
        publication: toPublicationView(rows.find((row) => row.id === id)!),
        publications: rows.map(toPublicationView),
      });
    };

  return [
    domainRoute("POST", "/api/publish/answers/:id/approve", publishing.actors.adminToken, async (context) => {
      const answerId = idParam(context);
      const body = (await readJson(context.request, JSON_LIMIT)) as Record<string, unknown>;
      const actor = await publishing.actors.resolve(context);
      const result = await approveAndPlan(db, actor, { ...body, answerId }, publishing.setup, { now: now() });
      sendJson(context.response, 200, {
        answer: { id: result.answer.id, status: result.answer.status, reviewerId: result.answer.reviewerId },
        case: { id: result.case.id, status: result.case.status },
        publications: result.publications.map(toPublicationView),
      });
    }),
    domainRoute("GET", "/api/publish/answers/:id", publishing.actors.adminToken, async (context) => {
      const answerId = idParam(context);
      await assertCanSeePublications(db, await publishing.actors.resolve(context), answerId);
      const rows = await listPublications(db, answerId);
      sendJson(context.response, 200, { answerId, publications: rows.map(toPublicationView) });
    }),
    domainRoute(
      "POST",
      "/api/publish/publications/:id/retry",
      publishing.actors.adminToken,
      personAction((input) => retryPublication(db, { ...input, reason: input.body.reason ?? null })),
    ),
    domainRoute(
      "POST",
      "/api/publish/publications/:id/cancel",
      publishing.actors.adminToken,
      personAction((input) => cancelPublication(db, { ...input, reason: input.body.reason ?? null })),
    ),
    domainRoute(
      "POST",
      "/api/publish/publications/:id/confirm",
      publishing.actors.adminToken,
      personAction((input) =>
        confirmPublished(db, {
          ...input,
          reason: input.body.reason ?? null,
          remoteUrl: input.body.remoteUrl ?? null,
        }),
      ),
    ),
    domainRoute("POST", "/api/publish/preview", publishing.actors.adminToken, async (context) => {
      const body = (await readJson(context.request, JSON_LIMIT)) as Record<string, unknown>;
      const actor = await publishing.actors.resolve(context);
      if (body.answerId !== undefined) {
        sendJson(
          context.response,
          200,
          await previewAnswerPublications(db, actor, body as { answerId: number }, publishing.setup, { now: now() }),
        );
        return;
      }
      const text = TextPreviewSchema.safeParse(body);
      if (!text.success) throw new HttpError(400, `请求格式不符 / invalid request: ${z.prettifyError(text.error)}`);
      const channels = text.data.channels ?? listAdapters().map((adapter) => adapter.kind);
      sendJson(
        context.response,
        200,
        previewAnswer({
          answer: { body: text.data.body, title: text.data.title ?? null, variants: text.data.variants ?? null },
          targets: channelPreviewTargets(channels, publishing.setup.capabilitiesOf),
          portalUrl: null,
          sensitiveWords: publishing.setup.sensitiveWords,
          watchedTopics: publishing.setup.watchedTopics ?? null,
          keep: publishing.setup.keep ?? [],
        }),
      );
    }),
    ...buildWebhookRoutes(publishing),
    ...buildFeedRoutes(publishing),
  ];
}
