/**
 * What the case API answers, as zod schemas: responses are serialised through them (unknown fields dropped), and
 * the OpenAPI document's components are generated from them — so the document cannot drift from the answers.
 * Times are ISO 8601 strings in UTC. Every schema here is registered under the name it has in the document.
 */
import { CASE_EVENT_TYPES } from "@qnzs/core/cases/timeline";
import {
  ANSWER_STATUSES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CATEGORIES,
  HELPER_TYPES,
  ORG_LEVELS,
  REASSIGNMENT_STATUSES,
  ROLES,
} from "@qnzs/db/schema";
import { z } from "zod";

/** The named schemas of the document: `#/components/schemas/<id>`. */
export const API_SCHEMAS = z.registry<{ id: string }>();

export function named<Schema extends z.ZodType>(id: string, schema: Schema): Schema {
  API_SCHEMAS.add(schema, { id });
  return schema;
}

const Id = z.number().int();
const Instant = z.iso.datetime();
const Text = z.string();
const StringMap = z.record(z.string(), z.string());

export const CategorySchema = named("Category", z.enum(CATEGORIES));
export const CaseStatusSchema = named("CaseStatus", z.enum(CASE_STATUSES));

export const OrgSchema = named(
  "Org",
  z.object({
    id: Id,
    name: Text,
    level: z.enum(ORG_LEVELS),
    kind: Text,
    parentId: Id.nullable(),
    path: Text,
    regionCode: Text.nullable(),
    region: Text.nullable(),
    city: Text.nullable(),
    county: Text.nullable(),
  }),
);

export const CaseSchema = named(
  "Case",
  z.object({
    id: Id,
    code: Text.describe("公开编号：群众凭此查询和评价 / the public code the asker follows and rates by"),
    title: Text,
    description: Text,
    category: CategorySchema.nullable(),
    urgent: z.boolean(),
    priority: z.enum(CASE_PRIORITIES),
    status: CaseStatusSchema,
    region: Text.nullable(),
    city: Text.nullable(),
    county: Text.nullable(),
    orgId: Id.nullable(),
    assigneeId: Id.nullable(),
    source: Text,
    contact: StringMap.nullable().describe("联系方式，个人信息 / asker contact: personal data"),
    mergedInto: Id.nullable(),
    dueAt: Instant.nullable(),
    warnAt: Instant.nullable(),
    warnedAt: Instant.nullable(),
    overdueAt: Instant.nullable(),
    escalationLevel: z.number().int(),
    supervisorOrgId: Id.nullable(),
    nextEscalationAt: Instant.nullable(),
    referredAt: Instant.nullable(),
    reopenCount: z.number().int(),
    firstResponseAt: Instant.nullable(),
    answeredAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    archivedAt: Instant.nullable(),
    rating: z.number().int().nullable(),
    ratingComment: Text.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  }),
);

export const CaseListSchema = named(
  "CaseList",
  z.object({
    items: z.array(
      z.object({
        id: Id,
        code: Text,
        title: Text,
        status: CaseStatusSchema,
        category: CategorySchema.nullable(),
        urgent: z.boolean(),
        orgId: Id.nullable(),
        orgName: Text.nullable(),
        assigneeId: Id.nullable(),
        dueAt: Instant.nullable(),
        escalationLevel: z.number().int(),
        supervisorOrgId: Id.nullable(),
        createdAt: Instant,
        updatedAt: Instant,
      }),
    ),
    total: z.number().int(),
  }),
);

export const TimelineEntrySchema = named(
  "TimelineEntry",
  z.object({
    id: Id,
    type: z.enum(CASE_EVENT_TYPES),
    at: Instant,
    actorKind: z.enum(["user", "system", "public"]),
    actorId: Id.nullable(),
    actorName: Text.nullable(),
    orgId: Id.nullable(),
    orgName: Text.nullable(),
    fromOrgId: Id.nullable(),
    fromOrgName: Text.nullable(),
    toOrgId: Id.nullable(),
    toOrgName: Text.nullable(),
    reason: Text.nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
  }),
);

export const TimelineSchema = named("Timeline", z.array(TimelineEntrySchema));

export const AnswerSchema = named(
  "Answer",
  z.object({
    id: Id,
    caseId: Id.nullable(),
    authorId: Id,
    orgId: Id.nullable(),
    body: Text,
    variants: StringMap.nullable(),
    status: z.enum(ANSWER_STATUSES),
    reviewerId: Id.nullable(),
    reviewNote: Text.nullable(),
    isPublic: z.boolean(),
    scheduledAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  }),
);

export const ReassignmentSchema = named(
  "Reassignment",
  z.object({
    id: Id,
    caseId: Id,
    fromOrgId: Id,
    requestedBy: Id,
    reason: Text,
    suggestedOrgId: Id.nullable(),
    status: z.enum(REASSIGNMENT_STATUSES),
    decidedBy: Id.nullable(),
    decidedAt: Instant.nullable(),
    decisionNote: Text.nullable(),
    toOrgId: Id.nullable(),
    createdAt: Instant,
  }),
);

export const ReassignmentListSchema = named("ReassignmentList", z.array(ReassignmentSchema));

export const CaseDetailSchema = named(
  "CaseDetail",
  z.object({
    case: CaseSchema,
    org: OrgSchema.nullable(),
    assignee: z.object({ id: Id, displayName: Text, helperType: Text.nullable() }).nullable(),
    supervisor: z.object({ id: Id, name: Text }).nullable(),
    sources: z.object({
      posts: z.array(
        z.object({
          postId: Id,
          caseId: Id,
          accountId: Id,
          channel: Text,
          externalId: Text,
          threadId: Text.nullable(),
          url: Text.nullable(),
          authorName: Text.nullable(),
          publishedAt: Instant,
        }),
      ),
      contacts: z.array(z.object({ caseId: Id, code: Text, source: Text, contact: StringMap })),
    }),
    answers: z.array(AnswerSchema),
    reassignments: z.array(ReassignmentSchema),
    timeline: TimelineSchema,
  }),
);

export const ReviewResultSchema = named("ReviewResult", z.object({ answer: AnswerSchema, case: CaseSchema }));

export const SplitResultSchema = named("SplitResult", z.object({ original: CaseSchema, split: CaseSchema }));

const OrgMetricsSchema = named(
  "OrgMetrics",
  z.object({
    received: z.number(),
    answered: z.number(),
    answeredOnTime: z.number(),
    overdue: z.number(),
    medianFirstResponseMinutes: z.number().nullable(),
    medianCloseMinutes: z.number().nullable(),
    ratings: z.number(),
    satisfactionAverage: z.number().nullable(),
    ratingResponseRate: z.number().nullable(),
    postsIngested: z.number(),
    answersPublished: z.number(),
  }),
);

const OrgRefSchema = z.object({ id: Id, name: Text, level: Text });

export const AssessmentReportSchema = named(
  "AssessmentReport",
  z.object({
    from: Instant,
    to: Instant,
    org: OrgRefSchema,
    alone: OrgMetricsSchema,
    withSubtree: OrgMetricsSchema,
    children: z.array(z.object({ org: OrgRefSchema, metrics: OrgMetricsSchema })),
  }),
);

export const PublicCaseSchema = named(
  "PublicCase",
  z.object({
    code: Text,
    title: Text,
    category: CategorySchema.nullable(),
    status: CaseStatusSchema,
    orgName: Text.nullable(),
    createdAt: Instant,
    answeredAt: Instant.nullable(),
    answer: Text.nullable(),
    rating: z.number().int().nullable(),
    awaitingRating: z.boolean(),
    merged: z.boolean(),
    timeline: z.array(z.object({ type: z.enum(CASE_EVENT_TYPES), at: Instant, orgName: Text.nullable() })),
  }),
);

export const RatingResultSchema = named(
  "RatingResult",
  z.object({ code: Text, status: CaseStatusSchema, rating: z.number().int().nullable() }),
);

export const MeSchema = named(
  "Me",
  z.object({
    userId: Id,
    username: Text,
    displayName: Text,
    isAdmin: z.boolean(),
    roles: z.array(z.object({ orgId: Id, role: z.enum(ROLES) })),
    helper: z
      .object({ type: z.enum(HELPER_TYPES), categories: z.array(CategorySchema), capacity: z.number().int() })
      .nullable(),
  }),
);

/** A word of the managed list found in a text, and where: what the editor changes. */
export const WordHitSchema = named(
  "WordHit",
  z.object({
    word: Text,
    category: Text.nullable(),
    matched: Text.describe("原文中的写法（含间隔符） / as written, separators included"),
    field: Text.describe("title、body 或 variant:<渠道>"),
    start: Id,
    end: Id,
  }),
);

export const ErrorSchema = named(
  "Error",
  z.object({
    error: z.object({
      code: z.enum([
        "invalid_input",
        "unauthenticated",
        "access_denied",
        "self_approval",
        "insufficient_level",
        "not_found",
        "method_not_allowed",
        "conflict",
        "sensitive_words",
        "payload_too_large",
        "unsupported_media_type",
        "internal",
      ]),
      message: Text,
      issues: z.array(z.object({ path: Text, message: Text })).optional(),
      hits: z
        .array(WordHitSchema)
        .optional()
        .describe("敏感词及其位置（code 为 sensitive_words 时） / the words found"),
    }),
  }),
);
export type ApiErrorBody = z.infer<typeof ErrorSchema>;
