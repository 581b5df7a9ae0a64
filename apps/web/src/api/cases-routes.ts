/**
 * The case API (诉求办理) under /api/: every step the console takes, each a thin call into core/cases, which
 * checks access and validates again. The same definitions make the routes and /api/openapi.json.
 */
import { type Actor, assertCan, canRead } from "@qnzs/core/cases/access";
import {
  type AnswerRow,
  DraftAnswerSchema,
  draftAnswer,
  makeAnswerPublic,
  reviewAnswer,
  reviseAnswer,
  submitAnswer,
} from "@qnzs/core/cases/answers";
import { AssignSchema, assignCase, claimCase } from "@qnzs/core/cases/assignment";
import type { CaseRow } from "@qnzs/core/cases/case-store";
import { archiveCase, CaseReasonSchema, closeCase, RateSchema, rateCase, reopenCase } from "@qnzs/core/cases/feedback";
import { ConvertPostsSchema, convertPostsToCase } from "@qnzs/core/cases/intake";
import { MergeSchema, mergeCases, SplitSchema, splitCase } from "@qnzs/core/cases/merge";
import { buildAssessmentReport, parseReportPeriod } from "@qnzs/core/cases/metrics";
import { getOrg } from "@qnzs/core/cases/org-tree";
import { findPublicCase, getCase, getCaseTimeline, listCases } from "@qnzs/core/cases/queries";
import {
  DecideReassignmentSchema,
  decideReassignment,
  listPendingReassignmentsFor,
  RequestReassignmentSchema,
  ReturnSchema,
  requestReassignment,
  returnCase,
  TransferSchema,
  transferCase,
} from "@qnzs/core/cases/transfer";
import { ApproveAndPlanSchema } from "@qnzs/core/publish/approve";
import type { PublicationView } from "@qnzs/core/publish/publication-access";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import type { Db } from "@qnzs/db";
import { CASE_STATUSES, CATEGORIES } from "@qnzs/db/schema";
import { z } from "zod";
import { sendJson } from "../hub/http.ts";
import type { Route } from "../hub/router.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { type AnyOperation, buildOperationRoutes, defineOperation } from "./operation.ts";
import { ApprovalResultSchema } from "./publish-schemas.ts";
import {
  AnswerSchema,
  AssessmentReportSchema,
  CaseDetailSchema,
  CaseListSchema,
  CaseSchema,
  MeSchema,
  PublicCaseSchema,
  RatingResultSchema,
  ReassignmentListSchema,
  ReassignmentSchema,
  ReviewResultSchema,
  SplitResultSchema,
  TimelineSchema,
} from "./schemas.ts";

const PathId = z.object({ id: z.coerce.number().int().positive() });
const PathCode = z.object({ code: z.string().trim().min(1).max(40) });
const NoBody = z.object({});
const Note = z.string().trim().max(1000);

const splitList = (value: unknown) => (typeof value === "string" ? value.split(",").filter(Boolean) : value);

const ListCasesQuery = z.object({
  status: z.preprocess(splitList, z.array(z.enum(CASE_STATUSES))).optional(),
  category: z.enum(CATEGORIES).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  assignedToMe: z.stringbool().optional(),
  supervisedByMe: z.stringbool().optional(),
  overdue: z.stringbool().optional(),
  dueWithinHours: z.coerce.number().int().min(1).max(720).optional(),
  urgent: z.stringbool().optional(),
  unassigned: z.stringbool().optional(),
  escalated: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

const ReportQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  from: z.string().optional().describe("首日 YYYY-MM-DD（北京时间），默认本月 1 日"),
  to: z.string().optional().describe("末日 YYYY-MM-DD（含），默认至今"),
});

/** The caller as the console shows them; the orgs' paths stay inside. */
function describeActor(actor: Actor) {
  return { ...actor, roles: actor.roles.map((role) => ({ orgId: role.orgId, role: role.role })) };
}

/** How an approval is carried out: the domain's review alone, or with publishing planning its outbox rows. */
export type ApproveAnswer = (
  db: Db,
  actor: Actor,
  input: z.output<typeof ApproveBody> & { answerId: number },
  options: { now: Date },
) => Promise<{ answer: AnswerRow; case: CaseRow; publications: PublicationView[] }>;

const ApproveBody = ApproveAndPlanSchema.pick({ note: true, added: true, portal: true });

const reviewOnly: ApproveAnswer = async (db, actor, input, options) => ({
  ...(await reviewAnswer(db, actor, { answerId: input.answerId, note: input.note, approve: true }, options)),
  publications: [],
});

export interface CaseRoutesOptions {
  /** publishing passes approveAndPlan here so an approval through this API also plans the answer's outbox */
  approveAnswer?: ApproveAnswer;
}

/** The case API's operations; `approveAnswer` decides what approving does (see CaseRoutesOptions). */
export function listCaseOperations(options: CaseRoutesOptions = {}): readonly AnyOperation[] {
  const approveAnswer = options.approveAnswer ?? reviewOnly;
  return [
    defineOperation({
      operationId: "getMe",
      method: "GET",
      path: "/api/me",
      summary: "当前用户及其角色 / who the token or session belongs to",
      tags: ["me"],
      access: "user",
      response: MeSchema,
      handle: async ({ actor }) => describeActor(actor),
    }),
    defineOperation({
      operationId: "listCases",
      method: "GET",
      path: "/api/cases",
      summary: "诉求列表（仅限本组织辖区及分配给本人的） / cases the caller may see",
      tags: ["cases"],
      access: "user",
      query: ListCasesQuery,
      response: CaseListSchema,
      handle: ({ db, actor, query, now }) => listCases(db, actor, query, { now }),
    }),
    defineOperation({
      operationId: "createCaseFromPosts",
      method: "POST",
      path: "/api/cases",
      summary: "把帖子转为诉求（或并入已有诉求） / turn posts into a case, or add them to one",
      tags: ["cases"],
      access: "user",
      body: ConvertPostsSchema,
      response: CaseSchema,
      status: 201,
      handle: ({ db, actor, body, now }) => convertPostsToCase(db, actor, body, { now }),
    }),
    defineOperation({
      operationId: "getCase",
      method: "GET",
      path: "/api/cases/{id}",
      summary: "诉求详情：来源、答复、改派申请和完整时间线 / one case with sources, answers and timeline",
      tags: ["cases"],
      access: "user",
      params: PathId,
      response: CaseDetailSchema,
      handle: async ({ db, actor, params }) => ({
        ...(await getCase(db, actor, params.id)),
        timeline: await getCaseTimeline(db, actor, params.id),
      }),
    }),
    defineOperation({
      operationId: "getCaseTimeline",
      method: "GET",
      path: "/api/cases/{id}/timeline",
      summary: "诉求时间线 / the case's timeline",
      tags: ["cases"],
      access: "user",
      params: PathId,
      response: TimelineSchema,
      handle: ({ db, actor, params }) => getCaseTimeline(db, actor, params.id),
    }),
    defineOperation({
      operationId: "mergeCases",
      method: "POST",
      path: "/api/cases/{id}/merge",
      summary: "把其他诉求合并到本诉求 / fold other cases into this one",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: MergeSchema.omit({ targetCaseId: true }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) =>
        mergeCases(db, actor, { targetCaseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "splitCase",
      method: "POST",
      path: "/api/cases/{id}/split",
      summary: "拆分：选中的帖子另立诉求 / move some posts into a new case",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: SplitSchema.omit({ caseId: true }),
      response: SplitResultSchema,
      status: 201,
      handle: ({ db, actor, params, body, now }) => splitCase(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "transferCase",
      method: "POST",
      path: "/api/cases/{id}/transfer",
      summary: "转办给另一个组织 / transfer the case to another org",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: TransferSchema.omit({ caseId: true }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) => transferCase(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "returnCase",
      method: "POST",
      path: "/api/cases/{id}/return",
      summary: "退回 / send the case back to the org it came from",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: ReturnSchema.omit({ caseId: true }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) => returnCase(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "requestReassignment",
      method: "POST",
      path: "/api/cases/{id}/reassignments",
      summary: "申请改派（由上级组织审批） / ask the parent org to reassign the case",
      tags: ["reassignments"],
      access: "user",
      params: PathId,
      body: RequestReassignmentSchema.omit({ caseId: true }),
      response: ReassignmentSchema,
      status: 201,
      handle: ({ db, actor, params, body, now }) =>
        requestReassignment(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "listPendingReassignments",
      method: "GET",
      path: "/api/reassignments/pending",
      summary: "待我审批的改派申请 / reassignment requests the caller may decide",
      tags: ["reassignments"],
      access: "user",
      response: ReassignmentListSchema,
      handle: ({ db, actor }) => listPendingReassignmentsFor(db, actor),
    }),
    defineOperation({
      operationId: "approveReassignment",
      method: "POST",
      path: "/api/reassignments/{id}/approve",
      summary: "批准改派（上级组织） / approve a reassignment request",
      tags: ["reassignments"],
      access: "user",
      params: PathId,
      body: z.object({
        toOrgId: DecideReassignmentSchema.shape.toOrgId,
        note: DecideReassignmentSchema.shape.note,
      }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) =>
        decideReassignment(db, actor, { requestId: params.id, approve: true, ...body }, { now }),
    }),
    defineOperation({
      operationId: "rejectReassignment",
      method: "POST",
      path: "/api/reassignments/{id}/reject",
      summary: "驳回改派申请 / reject a reassignment request",
      tags: ["reassignments"],
      access: "user",
      params: PathId,
      body: z.object({ note: Note.min(2) }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) =>
        decideReassignment(db, actor, { requestId: params.id, approve: false, ...body }, { now }),
    }),
    defineOperation({
      operationId: "assignCase",
      method: "POST",
      path: "/api/cases/{id}/assign",
      summary: "分配给帮扶者（按类别与容量，未指定时自动选择） / assign a helper",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: AssignSchema.omit({ caseId: true }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) => assignCase(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "claimCase",
      method: "POST",
      path: "/api/cases/{id}/claim",
      summary: "帮扶者认领 / a helper claims an unassigned case",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: NoBody,
      response: CaseSchema,
      handle: ({ db, actor, params, now }) => claimCase(db, actor, { caseId: params.id }, { now }),
    }),
    defineOperation({
      operationId: "createAnswer",
      method: "POST",
      path: "/api/cases/{id}/answers",
      summary: "撰写答复草稿 / draft an answer",
      tags: ["answers"],
      access: "user",
      params: PathId,
      body: DraftAnswerSchema.omit({ caseId: true }),
      response: AnswerSchema,
      status: 201,
      handle: ({ db, actor, params, body, now }) => draftAnswer(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "reviseAnswer",
      method: "PUT",
      path: "/api/answers/{id}",
      summary: "修改草稿或被退回的答复 / revise a draft or rejected answer",
      tags: ["answers"],
      access: "user",
      params: PathId,
      body: DraftAnswerSchema.omit({ caseId: true }),
      response: AnswerSchema,
      handle: ({ db, actor, params, body, now }) => reviseAnswer(db, actor, { answerId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "submitAnswer",
      method: "POST",
      path: "/api/answers/{id}/submit",
      summary: "提交审核 / send the answer for review",
      tags: ["answers"],
      access: "user",
      params: PathId,
      body: NoBody,
      response: AnswerSchema,
      handle: ({ db, actor, params, now }) => submitAnswer(db, actor, { answerId: params.id }, { now }),
    }),
    defineOperation({
      operationId: "approveAnswer",
      method: "POST",
      path: "/api/answers/{id}/approve",
      summary: "审核通过：诉求转为已答复，发件箱按各来源渠道和门户写入 / approve: answered, and the outbox planned",
      description:
        "分级审核：县级及以下组织、涉及重点关注话题的答复须上级审核；含敏感词则拒绝并列出 / review tiers; a sensitive word refuses it with every hit",
      tags: ["answers"],
      access: "user",
      params: PathId,
      body: ApproveBody,
      response: ApprovalResultSchema,
      handle: ({ db, actor, params, body, now }) => approveAnswer(db, actor, { answerId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "rejectAnswer",
      method: "POST",
      path: "/api/answers/{id}/reject",
      summary: "退回修改（须说明理由） / send the answer back to its author",
      tags: ["answers"],
      access: "user",
      params: PathId,
      body: z.object({ note: Note.min(2) }),
      response: ReviewResultSchema,
      handle: ({ db, actor, params, body, now }) =>
        reviewAnswer(db, actor, { answerId: params.id, approve: false, ...body }, { now }),
    }),
    defineOperation({
      operationId: "makeAnswerPublic",
      method: "POST",
      path: "/api/answers/{id}/public",
      summary: "设为公开答复（知识库） / make the answer a public unified answer",
      tags: ["answers"],
      access: "user",
      params: PathId,
      body: NoBody,
      response: AnswerSchema,
      handle: ({ db, actor, params, now }) => makeAnswerPublic(db, actor, { answerId: params.id }, { now }),
    }),
    defineOperation({
      operationId: "closeCase",
      method: "POST",
      path: "/api/cases/{id}/close",
      summary: "办结未评价的已答复诉求 / close an answered case",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: CaseReasonSchema.omit({ caseId: true }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) => closeCase(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "reopenCase",
      method: "POST",
      path: "/api/cases/{id}/reopen",
      summary: "重新办理 / reopen an answered or closed case",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: CaseReasonSchema.omit({ caseId: true }),
      response: CaseSchema,
      handle: ({ db, actor, params, body, now }) => reopenCase(db, actor, { caseId: params.id, ...body }, { now }),
    }),
    defineOperation({
      operationId: "archiveCase",
      method: "POST",
      path: "/api/cases/{id}/archive",
      summary: "归档已办结的诉求 / archive a closed case",
      tags: ["cases"],
      access: "user",
      params: PathId,
      body: NoBody,
      response: CaseSchema,
      handle: ({ db, actor, params, now }) => archiveCase(db, actor, { caseId: params.id }, { now }),
    }),
    defineOperation({
      operationId: "getReport",
      method: "GET",
      path: "/api/reports/assessment",
      summary: "考核：活跃度与满意度（本级、含下级、各下级） / assessment of an org for a period",
      tags: ["reports"],
      access: "user",
      query: ReportQuery,
      response: AssessmentReportSchema,
      handle: async ({ db, actor, query, now }) => {
        const org = await getOrg(db, query.orgId);
        assertCan(canRead(actor, { orgId: org.id, orgPath: org.path, assigneeId: null }));
        const period = parseReportPeriod({ from: query.from, to: query.to }, now);
        return buildAssessmentReport(db, { orgId: org.id, ...period });
      },
    }),
    defineOperation({
      operationId: "getPublicCase",
      method: "GET",
      path: "/api/public/cases/{code}",
      summary: "凭编号查询诉求（公开，个人信息已遮蔽） / the public page of a case by its code",
      tags: ["public"],
      access: "public",
      params: PathCode,
      response: PublicCaseSchema,
      handle: ({ db, params }) => findPublicCase(db, params.code),
    }),
    defineOperation({
      operationId: "rateCase",
      method: "POST",
      path: "/api/public/cases/{code}/rating",
      summary: "群众凭编号评价答复（≤2 分或未解决则重新办理） / the asker rates the answer by the case code",
      description: "编号即凭证，无需登录 / the code is the credential: no sign-in",
      tags: ["public"],
      access: "public",
      params: PathCode,
      body: RateSchema.omit({ code: true }),
      response: RatingResultSchema,
      handle: async ({ db, params, body, now }) => {
        const row = await rateCase(db, { code: params.code, ...body }, { now });
        return { code: row.code, status: row.status, rating: row.rating };
      },
    }),
  ];
}

/** The operations as documented: the document does not depend on how approval is carried out. */
export const CASE_OPERATIONS = listCaseOperations();

/** The JSON API: its operations' routes and /api/openapi.json describing exactly those operations. */
export function buildApiRoutes(runtime: CrawlerRuntime, operations: readonly AnyOperation[]): Route[] {
  const document = buildOpenApiDocument(operations);
  return [
    {
      method: "GET",
      pattern: "/api/openapi.json",
      auth: false,
      handle: async ({ response }) => sendJson(response, 200, document),
    },
    ...buildOperationRoutes(operations, runtime),
  ];
}
