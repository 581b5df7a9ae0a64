/**
 * What the console's cases area (诉求办理, 督办) may do, bound to the hub's open database: the queues, one case
 * with the actions its reader may take, every case action, and the supervision board. Each action is one call
 * into core/cases, which checks access and state again; a refusal comes back as a Chinese message for the form.
 */
import { type Actor, canAnswer, canChange } from "@qnzs/core/cases/access";
import { type AnswerRow, draftAnswer, reviseAnswer, submitAnswer } from "@qnzs/core/cases/answers";
import { assignCase, type ClaimableCase, claimCase, listClaimableCases } from "@qnzs/core/cases/assignment";
import { OPEN_STATUSES } from "@qnzs/core/cases/case-store";
import { normalizeCaseCode } from "@qnzs/core/cases/codes";
import { CaseError, InvalidInput } from "@qnzs/core/cases/errors";
import { archiveCase, closeCase, reopenCase } from "@qnzs/core/cases/feedback";
import { mergeCases } from "@qnzs/core/cases/merge";
import { type OrgRow, pathIds } from "@qnzs/core/cases/org-tree";
import {
  type CaseDetail,
  type CaseListItem,
  countCases,
  getCase,
  getCaseTimeline,
  listCases,
  type OverdueByOrg,
  summarizeOverdueByOrg,
} from "@qnzs/core/cases/queries";
import { type AvailableHelper, findAvailableHelpers } from "@qnzs/core/cases/routing";
import type { TimelineEntry } from "@qnzs/core/cases/timeline";
import {
  decideReassignment,
  findSender,
  type ReassignmentRow,
  requestReassignment,
  returnCase,
  transferCase,
} from "@qnzs/core/cases/transfer";
import type { Database } from "@qnzs/db";
import { type CaseStatus, type OrgLevel, orgs } from "@qnzs/db/schema";
import { and, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import { STATUS_LABELS } from "../ui/labels.ts";

type Db = Database["db"];

export const CASE_QUEUES = ["mine", "org", "unassigned", "due_soon", "overdue", "urgent", "all"] as const;
export type CaseQueue = (typeof CASE_QUEUES)[number];

/** "Due soon": open, not overdue, due within this many hours. */
export const DUE_SOON_HOURS = 24;
const PAGE_SIZE = 50;
const OPEN: CaseStatus[] = [...OPEN_STATUSES];

/** What a case action hands back to its form: done, or the refusal in Chinese. */
export type CaseActionResult = { ok: true; notice?: string } | { ok: false; message: string };

const ANSWER_STATUS_WORDS: Record<string, string> = {
  draft: "草稿",
  in_review: "待审核",
  approved: "已通过",
  rejected: "已退回",
  published: "已发布",
};

/**
 * The Chinese half of a domain message ("中文 / English"), with status codes named as the console names them.
 * Validation messages without a Chinese half become one plain sentence.
 */
export function describeRefusal(error: CaseError): string {
  if (error instanceof InvalidInput && error.issues.length > 0) {
    const chinese = error.issues
      .map((issue) => issue.message.split(" / ")[0]!.trim())
      .filter((message) => /[\u4e00-\u9fff]/.test(message));
    return chinese.length > 0 ? `${[...new Set(chinese)].join("；")}。` : "填写的内容有误，请检查后重试。";
  }
  const chinese = error.message.split(" / ")[0]!.trim();
  return chinese
    .replace(
      /当前状态为 (\w+)/,
      (_all, status: string) => `当前状态为「${STATUS_LABELS[status as CaseStatus] ?? status}」`,
    )
    .replace(/答复当前为 (\w+)/, (_all, status: string) => `答复当前为「${ANSWER_STATUS_WORDS[status] ?? status}」`);
}

async function attemptAction(work: () => Promise<unknown>, notice?: string): Promise<CaseActionResult> {
  try {
    await work();
    return notice ? { ok: true, notice } : { ok: true };
  } catch (error) {
    if (error instanceof CaseError) return { ok: false, message: describeRefusal(error) };
    throw error;
  }
}

type CaseFilters = NonNullable<Parameters<typeof listCases>[2]>;

const QUEUE_FILTERS = {
  mine: { status: OPEN, assignedToMe: true },
  org: { status: OPEN },
  unassigned: { status: OPEN, unassigned: true },
  due_soon: { dueWithinHours: DUE_SOON_HOURS },
  overdue: { overdue: true },
  urgent: { status: OPEN, urgent: true },
  all: {},
} satisfies Record<CaseQueue, CaseFilters>;

interface QueueOptions {
  q?: string;
  orgId?: number;
  offset?: number;
}

/** One queue's page and every queue's count (for the tabs), with the search and org narrowing applied to all. */
async function listQueue(
  db: Db,
  actor: Actor,
  queue: CaseQueue,
  options: QueueOptions,
  now: Date,
): Promise<{ items: CaseListItem[]; total: number; counts: Record<CaseQueue, number> }> {
  const narrow = { ...(options.q ? { q: options.q } : {}), ...(options.orgId ? { orgId: options.orgId } : {}) };
  const named = Object.fromEntries(CASE_QUEUES.map((name) => [name, { ...narrow, ...QUEUE_FILTERS[name] }])) as Record<
    CaseQueue,
    CaseFilters
  >;
  const [page, counts] = await Promise.all([
    listCases(db, actor, { ...named[queue], limit: PAGE_SIZE, offset: options.offset ?? 0 }, { now }),
    countCases(db, actor, named, { now }),
  ]);
  return { ...page, counts };
}

export interface OrgOption {
  id: number;
  name: string;
  level: OrgLevel;
}

function toOption(org: Pick<OrgRow, "id" | "name" | "level">): OrgOption {
  return { id: org.id, name: org.name, level: org.level };
}

async function listOrgsWhere(db: Db, condition: SQL | undefined): Promise<OrgOption[]> {
  return db.select({ id: orgs.id, name: orgs.name, level: orgs.level }).from(orgs).where(condition).orderBy(orgs.path);
}

/** Orgs within the subtrees where the actor handles cases (everything for a site admin). */
function withinHandledArea(actor: Actor): SQL | undefined {
  if (actor.isAdmin) return undefined;
  const paths = actor.roles.filter((role) => role.role === "cadre" || role.role === "admin").map((r) => r.orgPath);
  if (paths.length === 0) return sql`false`;
  return or(...paths.map((path) => sql`${orgs.path} like ${`${path}%`}`));
}

/** What the reader may do with one case now; each flag mirrors a core/cases check, which runs again on submit. */
export interface CasePermissions {
  route: boolean;
  transfer: boolean;
  sendBack: boolean;
  requestReassignment: boolean;
  decideReassignment: boolean;
  assign: boolean;
  claim: boolean;
  merge: boolean;
  answer: boolean;
  close: boolean;
  reopen: boolean;
  archive: boolean;
}

export interface CaseView {
  detail: CaseDetail;
  timeline: TimelineEntry[];
  now: Date;
  permissions: CasePermissions;
  /** orgs below the case's org: routing it down (分派) */
  routeTargets: OrgOption[];
  /** other orgs it may be handed to: the reader's area and the case org's peers (转办) */
  transferTargets: OrgOption[];
  /** where a send-back goes */
  sender: OrgOption | null;
  pendingReassignment: (ReassignmentRow & { fromOrgName: string; suggestedOrgName: string | null }) | null;
  /** where an approved reassignment may go */
  reassignTargets: OrgOption[];
  helpers: AvailableHelper[];
  mergeCandidates: CaseListItem[];
  /** the reader's own draft or rejected answer, to continue */
  myAnswer: AnswerRow | null;
  /** channels the answer goes back to, for per-channel variants */
  answerChannels: string[];
}

/** The channels an answer can be written for separately, besides those the case came from. */
const PUBLISHING_CHANNELS = ["weibo", "wechat", "weibang"];

async function buildCaseView(db: Db, actor: Actor, caseId: number): Promise<CaseView | null> {
  let detail: CaseDetail;
  let timeline: TimelineEntry[];
  try {
    [detail, timeline] = await Promise.all([getCase(db, actor, caseId), getCaseTimeline(db, actor, caseId)]);
  } catch (error) {
    if (error instanceof CaseError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
  const now = new Date();
  const row = detail.case;
  const org = detail.org;
  const scope = { orgId: row.orgId, orgPath: org?.path ?? null, assigneeId: row.assigneeId };
  const open = OPEN.includes(row.status);
  const handles = canChange(actor, scope);
  const pending = detail.reassignments.find((request) => request.status === "pending") ?? null;

  let decide = false;
  let pendingView: CaseView["pendingReassignment"] = null;
  let reassignTargets: OrgOption[] = [];
  if (pending) {
    const [fromOrg] = await db.select().from(orgs).where(eq(orgs.id, pending.fromOrgId));
    const [suggested] = pending.suggestedOrgId
      ? await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, pending.suggestedOrgId))
      : [];
    pendingView = { ...pending, fromOrgName: fromOrg?.name ?? "—", suggestedOrgName: suggested?.name ?? null };
    if (fromOrg) {
      // the approver handles cases at an org strictly above the requesting one (core: decideReassignment)
      const above = pathIds(fromOrg.path).filter((id) => id !== fromOrg.id);
      const approving = actor.isAdmin
        ? above
        : actor.roles
            .filter((role) => (role.role === "cadre" || role.role === "admin") && above.includes(role.orgId))
            .map((role) => role.orgId);
      decide = approving.length > 0;
      if (decide && open) {
        const [top] = await db
          .select({ path: orgs.path })
          .from(orgs)
          .where(inArray(orgs.id, approving))
          .orderBy(orgs.path)
          .limit(1);
        reassignTargets = (await listOrgsWhere(db, top ? sql`${orgs.path} like ${`${top.path}%`}` : undefined)).filter(
          (option) => option.id !== fromOrg.id,
        );
      }
    }
  }

  const canRouteOrTransfer = handles && open && !pending && org !== null;
  const routeTargets = canRouteOrTransfer
    ? await listOrgsWhere(db, and(sql`${orgs.path} like ${`${org.path}%`}`, ne(orgs.id, org.id)))
    : [];
  let transferTargets: OrgOption[] = [];
  if (canRouteOrTransfer) {
    const peers = org.parentId === null ? undefined : eq(orgs.parentId, org.parentId);
    const area = withinHandledArea(actor);
    transferTargets = (await listOrgsWhere(db, peers && area ? or(peers, area) : (area ?? peers))).filter(
      (option) => option.id !== org.id && !routeTargets.some((target) => target.id === option.id),
    );
  }
  let sender: OrgOption | null = null;
  if (canRouteOrTransfer) {
    const senderId = await findSender(db, row);
    if (senderId !== null) {
      const [found] = await db.select().from(orgs).where(eq(orgs.id, senderId));
      sender = found ? toOption(found) : null;
    }
  }

  const assignable = handles && ["routed", "assigned", "answering"].includes(row.status) && org !== null;
  const helpers = assignable
    ? (await findAvailableHelpers(db, pathIds(org.path), row.category ?? "other")).filter(
        (helper) => helper.userId !== row.assigneeId,
      )
    : [];
  const claim =
    actor.helper !== null &&
    row.status === "routed" &&
    row.assigneeId === null &&
    org !== null &&
    actor.roles.some((role) => role.role === "helper" && pathIds(org.path).includes(role.orgId));

  const mergeCandidates =
    handles && open && org !== null
      ? (await listCases(db, actor, { status: OPEN, orgId: org.id, limit: 21 }, { now })).items
          .filter((item) => item.id !== row.id)
          .slice(0, 20)
      : [];

  const myAnswer =
    [...detail.answers]
      .reverse()
      .find((answer) => answer.authorId === actor.userId && ["draft", "rejected"].includes(answer.status)) ?? null;
  // while an answer waits for review nobody starts another, but an author may still finish their own draft
  const inReview = detail.answers.some((answer) => answer.status === "in_review");
  const answering = canAnswer(actor, scope) && open && (myAnswer !== null || !inReview);
  const answerChannels = [...new Set([...detail.sources.posts.map((post) => post.channel), ...PUBLISHING_CHANNELS])];

  return {
    detail,
    timeline,
    now,
    permissions: {
      route: canRouteOrTransfer && routeTargets.length > 0,
      transfer: canRouteOrTransfer && transferTargets.length > 0,
      sendBack: canRouteOrTransfer && sender !== null,
      requestReassignment: canRouteOrTransfer && org.parentId !== null,
      decideReassignment: decide && open,
      assign: assignable,
      claim,
      merge: handles && open,
      answer: answering,
      close: handles && row.status === "answered",
      reopen: handles && (row.status === "answered" || row.status === "closed"),
      archive: handles && row.status === "closed",
    },
    routeTargets,
    transferTargets,
    sender,
    pendingReassignment: pendingView,
    reassignTargets,
    helpers,
    mergeCandidates,
    myAnswer,
    answerChannels,
  };
}

/**
 * Case codes typed by a person ("QN261127-AB12, qn261127-cd34") → ids, looked up among the cases the actor may
 * see, so a code outside their area reads as unknown rather than confirming it exists.
 */
async function resolveCaseCodes(db: Db, actor: Actor, text: string): Promise<number[]> {
  const typed = text
    .split(/[\s,，、;；]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const entry of typed) {
    const code = normalizeCaseCode(entry);
    const found = code
      ? (await listCases(db, actor, { q: code, limit: 5 })).items.find((item) => item.code === code)
      : undefined;
    if (found) ids.push(found.id);
    else unknown.push(entry);
  }
  if (unknown.length > 0) throw new InvalidInput(`找不到诉求：${unknown.join("、")}`);
  return ids;
}

export interface SupervisionBoard {
  now: Date;
  byOrg: OverdueByOrg[];
  escalated: CaseListItem[];
  escalatedTotal: number;
  overdue: CaseListItem[];
  overdueTotal: number;
  /** names of the supervising orgs of the escalated cases */
  supervisorNames: Record<number, string>;
}

async function buildSupervisionBoard(db: Db, actor: Actor): Promise<SupervisionBoard> {
  const now = new Date();
  const [byOrg, escalated, overdue] = await Promise.all([
    summarizeOverdueByOrg(db, actor, { now }),
    listCases(db, actor, { escalated: true, limit: PAGE_SIZE }, { now }),
    listCases(db, actor, { overdue: true, limit: PAGE_SIZE }, { now }),
  ]);
  const supervisorIds = [
    ...new Set(escalated.items.flatMap((item) => (item.supervisorOrgId ? [item.supervisorOrgId] : []))),
  ];
  const supervisors =
    supervisorIds.length > 0
      ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, supervisorIds))
      : [];
  return {
    now,
    byOrg,
    escalated: escalated.items,
    escalatedTotal: escalated.total,
    overdue: overdue.items,
    overdueTotal: overdue.total,
    supervisorNames: Object.fromEntries(supervisors.map((org) => [org.id, org.name])),
  };
}

export function createCaseServices(database: Database) {
  const { db } = database;
  return {
    listQueue: async (actor: Actor, queue: CaseQueue, options: QueueOptions = {}) => {
      const now = new Date();
      return { ...(await listQueue(db, actor, queue, options, now)), now };
    },
    /** unassigned cases a helper may claim (listed without contacts: they read a case once it is theirs) */
    listClaimable: (actor: Actor): Promise<ClaimableCase[]> => listClaimableCases(db, actor),
    getCaseView: (actor: Actor, caseId: number) => buildCaseView(db, actor, caseId),
    getSupervisionBoard: (actor: Actor) => buildSupervisionBoard(db, actor),

    route: (actor: Actor, input: { caseId: number; toOrgId: number; reason: string }) =>
      attemptAction(() => transferCase(db, actor, input), "已分派。"),
    transfer: (actor: Actor, input: { caseId: number; toOrgId: number; reason: string }) =>
      attemptAction(() => transferCase(db, actor, input), "已转办。"),
    sendBack: (actor: Actor, input: { caseId: number; reason: string }) =>
      attemptAction(() => returnCase(db, actor, input), "已退回。"),
    requestReassignment: (actor: Actor, input: { caseId: number; reason: string; suggestedOrgId?: number }) =>
      attemptAction(() => requestReassignment(db, actor, input), "改派申请已提交，等待上级组织审批。"),
    decideReassignment: (
      actor: Actor,
      input: { requestId: number; approve: boolean; toOrgId?: number; note?: string },
    ) => attemptAction(() => decideReassignment(db, actor, input), input.approve ? "已批准改派。" : "已驳回改派申请。"),
    assign: (actor: Actor, input: { caseId: number; helperId?: number }) =>
      attemptAction(() => assignCase(db, actor, input), "已指派帮扶者。"),
    claim: (actor: Actor, input: { caseId: number }) => attemptAction(() => claimCase(db, actor, input), "已认领。"),
    merge: (actor: Actor, input: { targetCaseId: number; sourceCaseIds: number[]; codes: string; reason?: string }) =>
      attemptAction(async () => {
        const fromCodes = await resolveCaseCodes(db, actor, input.codes);
        const sourceCaseIds = [...new Set([...input.sourceCaseIds, ...fromCodes])];
        if (sourceCaseIds.length === 0) throw new InvalidInput("请选择或填写要并入的诉求。");
        return mergeCases(db, actor, {
          targetCaseId: input.targetCaseId,
          sourceCaseIds,
          ...(input.reason ? { reason: input.reason } : {}),
        });
      }, "已合并。"),
    /** a new draft, or the reader's own draft or rejected answer revised */
    saveAnswer: (
      actor: Actor,
      input: { caseId: number; answerId?: number; body: string; variants?: Record<string, string> },
    ) =>
      attemptAction(
        () =>
          input.answerId
            ? reviseAnswer(db, actor, {
                answerId: input.answerId,
                body: input.body,
                ...(input.variants ? { variants: input.variants } : {}),
              })
            : draftAnswer(db, actor, {
                caseId: input.caseId,
                body: input.body,
                ...(input.variants ? { variants: input.variants } : {}),
              }),
        "草稿已保存。",
      ),
    submitAnswer: (actor: Actor, input: { answerId: number }) =>
      attemptAction(() => submitAnswer(db, actor, input), "答复已提交审核。"),
    close: (actor: Actor, input: { caseId: number; reason: string }) =>
      attemptAction(() => closeCase(db, actor, input), "已办结。"),
    reopen: (actor: Actor, input: { caseId: number; reason: string }) =>
      attemptAction(() => reopenCase(db, actor, input), "已重新办理。"),
    archive: (actor: Actor, input: { caseId: number }) =>
      attemptAction(() => archiveCase(db, actor, input), "已归档。"),
  };
}

export type CaseServices = ReturnType<typeof createCaseServices>;
