/**
 * 督办时限: how long a case may take, by category × priority, counted in working time — except urgent cases,
 * whose fast lane runs on the wall clock in minutes, nights and holidays included. A policy also says when
 * to warn before the due time and how often an overdue case climbs one more level up the tree.
 */
import type { Db } from "@qnzs/db";
import {
  CASE_PRIORITIES,
  CATEGORIES,
  type CasePriority,
  type Category,
  SLA_CLOCKS,
  slaPolicies,
} from "@qnzs/db/schema";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { addWorkingTime, loadCalendar, type WorkingCalendar } from "./calendar.ts";
import type { CaseRow } from "./case-store.ts";
import { NotFound, parseInput } from "./errors.ts";

export const SlaPolicySchema = z
  .object({
    category: z.enum(CATEGORIES).nullable().default(null),
    priority: z.enum(CASE_PRIORITIES).nullable().default(null),
    urgent: z.boolean().default(false),
    clock: z.enum(SLA_CLOCKS).default("working"),
    dueMinutes: z.number().int().min(1),
    warnMinutes: z.number().int().min(0),
    escalateEveryMinutes: z.number().int().min(1),
  })
  .refine((policy) => policy.warnMinutes < policy.dueMinutes, {
    message: "预警须早于到期 / the warning must come before the due time",
    path: ["warnMinutes"],
  });
export type SlaPolicy = z.output<typeof SlaPolicySchema>;

const WORKING_DAY = 8 * 60;

/** Built-in policies; rows in `sla_policies` override them. Working days are 8 working hours. */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  // 紧急: answered within half an hour, any hour of any day; the 12355 desk works round the clock
  {
    category: null,
    priority: null,
    urgent: true,
    clock: "wall",
    dueMinutes: 30,
    warnMinutes: 10,
    escalateEveryMinutes: 30,
  },
  {
    category: null,
    priority: "high",
    urgent: false,
    clock: "working",
    dueMinutes: WORKING_DAY,
    warnMinutes: 120,
    escalateEveryMinutes: WORKING_DAY / 2,
  },
  {
    category: null,
    priority: "normal",
    urgent: false,
    clock: "working",
    dueMinutes: 5 * WORKING_DAY,
    warnMinutes: WORKING_DAY,
    escalateEveryMinutes: WORKING_DAY,
  },
  // rights and relationships questions often carry distress: three working days
  {
    category: "rights",
    priority: "normal",
    urgent: false,
    clock: "working",
    dueMinutes: 3 * WORKING_DAY,
    warnMinutes: WORKING_DAY,
    escalateEveryMinutes: WORKING_DAY,
  },
  {
    category: "relationships",
    priority: "normal",
    urgent: false,
    clock: "working",
    dueMinutes: 3 * WORKING_DAY,
    warnMinutes: WORKING_DAY,
    escalateEveryMinutes: WORKING_DAY,
  },
  {
    category: null,
    priority: "low",
    urgent: false,
    clock: "working",
    dueMinutes: 10 * WORKING_DAY,
    warnMinutes: 2 * WORKING_DAY,
    escalateEveryMinutes: 2 * WORKING_DAY,
  },
];

export interface SlaContext {
  calendar: WorkingCalendar;
  policies: readonly SlaPolicy[];
}

export async function loadSlaContext(db: Db): Promise<SlaContext> {
  const [calendar, rows] = await Promise.all([loadCalendar(db), db.select().from(slaPolicies)]);
  const configured = rows.map((row) =>
    parseInput(SlaPolicySchema, {
      category: row.category,
      priority: row.priority,
      urgent: row.urgent,
      clock: row.clock,
      dueMinutes: row.dueMinutes,
      warnMinutes: row.warnMinutes,
      escalateEveryMinutes: row.escalateEveryMinutes,
    }),
  );
  // configured rows first: at equal specificity they win over the defaults
  return { calendar, policies: [...configured, ...DEFAULT_SLA_POLICIES] };
}

/** The policy for a case: among those matching its urgency, category and priority, the most specific. */
export function resolvePolicy(
  policies: readonly SlaPolicy[],
  subject: { category: Category | null; priority: CasePriority; urgent: boolean },
): SlaPolicy {
  let best: SlaPolicy | null = null;
  let bestScore = -1;
  for (const policy of policies) {
    if (policy.urgent !== subject.urgent) continue;
    if (policy.category !== null && policy.category !== (subject.category ?? "other")) continue;
    if (policy.priority !== null && policy.priority !== subject.priority) continue;
    const score = (policy.category !== null ? 2 : 0) + (policy.priority !== null ? 1 : 0);
    if (score > bestScore) {
      best = policy;
      bestScore = score;
    }
  }
  // the defaults cover every priority, urgent or not; a missing match is a bug in them
  if (!best) throw new Error(`no SLA policy for ${JSON.stringify(subject)}`);
  return best;
}

/** `minutes` after `start` on the policy's clock. */
export function addPolicyTime(context: SlaContext, policy: SlaPolicy, start: Date, minutes: number): Date {
  if (policy.clock === "wall") return new Date(start.getTime() + minutes * 60_000);
  return addWorkingTime(context.calendar, start, minutes);
}

export interface Deadline {
  dueAt: Date;
  warnAt: Date;
  policy: SlaPolicy;
}

export function planDeadline(
  context: SlaContext,
  subject: Pick<CaseRow, "category" | "priority" | "urgent">,
  start: Date,
): Deadline {
  const policy = resolvePolicy(context.policies, subject);
  return {
    dueAt: addPolicyTime(context, policy, start, policy.dueMinutes),
    warnAt: addPolicyTime(context, policy, start, policy.dueMinutes - policy.warnMinutes),
    policy,
  };
}

/** The case fields of a fresh deadline from `start`: supervision starts over at level 0. */
export function deadlinePatch(deadline: Deadline): Partial<CaseRow> {
  return {
    dueAt: deadline.dueAt,
    warnAt: deadline.warnAt,
    warnedAt: null,
    overdueAt: null,
    escalationLevel: 0,
    supervisorOrgId: null,
    nextEscalationAt: null,
  };
}

/** Sets (replacing) the policy for a category × priority (× urgency). */
export async function setSlaPolicy(db: Db, input: z.input<typeof SlaPolicySchema>): Promise<void> {
  const policy = parseInput(SlaPolicySchema, input);
  await db
    .insert(slaPolicies)
    .values(policy)
    .onConflictDoUpdate({
      target: [slaPolicies.category, slaPolicies.priority, slaPolicies.urgent],
      set: {
        clock: policy.clock,
        dueMinutes: policy.dueMinutes,
        warnMinutes: policy.warnMinutes,
        escalateEveryMinutes: policy.escalateEveryMinutes,
      },
    });
}

export interface SlaPolicyView extends SlaPolicy {
  /** the `sla_policies` row; null for a built-in default */
  id: number | null;
  /** a built-in default that a configured row with the same key replaces */
  overridden: boolean;
}

function sameKey(a: Pick<SlaPolicy, "category" | "priority" | "urgent">, b: typeof a): boolean {
  return a.category === b.category && a.priority === b.priority && a.urgent === b.urgent;
}

/** The configured policies, then the built-in defaults (marked when a configured one replaces them). */
export async function listSlaPolicies(db: Db): Promise<SlaPolicyView[]> {
  const rows = await db.select().from(slaPolicies).orderBy(asc(slaPolicies.id));
  const configured = rows.map(
    (row): SlaPolicyView => ({
      id: row.id,
      category: row.category,
      priority: row.priority,
      urgent: row.urgent,
      clock: row.clock,
      dueMinutes: row.dueMinutes,
      warnMinutes: row.warnMinutes,
      escalateEveryMinutes: row.escalateEveryMinutes,
      overridden: false,
    }),
  );
  const defaults = DEFAULT_SLA_POLICIES.map(
    (policy): SlaPolicyView => ({
      ...policy,
      id: null,
      overridden: configured.some((row) => sameKey(row, policy)),
    }),
  );
  return [...configured, ...defaults];
}

/** Removes a configured policy: its key falls back to the built-in default, or to the next less specific one. */
export async function removeSlaPolicy(db: Db, policyId: number): Promise<void> {
  const removed = await db.delete(slaPolicies).where(eq(slaPolicies.id, policyId)).returning({ id: slaPolicies.id });
  if (removed.length === 0) throw new NotFound(`时限规则 #${policyId} `);
}
