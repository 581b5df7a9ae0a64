/**
 * What the admin area (/console/admin) may do: the org tree, users and roles, channel accounts, routing rules,
 * deadlines and the holiday calendar. Every call takes the actor and checks, on the server, that they administer
 * what they touch: a site admin everything, an org admin (role `admin`) their subtrees. Deadlines and the
 * calendar hold for the whole hub, so only site admins change them.
 */
import { listAdapters } from "@qnzs/adapters";
import { type Actor, assertCan, canAdminister } from "@qnzs/core/cases/access";
import { listCalendarDays, removeCalendarDay, setCalendarDay } from "@qnzs/core/cases/calendar";
import { CaseError, InvalidInput, NotFound } from "@qnzs/core/cases/errors";
import {
  addChildOrg,
  administersAnything,
  type ChildOrgSchema,
  canManageOrg,
  listAdministeredOrgs,
  type OrgRegionSchema,
  renameOrg,
  setOrgRegion,
} from "@qnzs/core/cases/org-admin";
import { getOrg, listAncestors } from "@qnzs/core/cases/org-tree";
import {
  addRoutingRule,
  deleteRoutingRule,
  listRoutingRulesFor,
  type RoutingRuleSchema,
  setRoutingRuleEnabled,
} from "@qnzs/core/cases/routing";
import { listSlaPolicies, removeSlaPolicy, type SlaPolicySchema, setSlaPolicy } from "@qnzs/core/cases/sla";
import {
  addUser,
  grantRole,
  listManagedUsers,
  resetPassword,
  revokeRole,
  setUserDisabled,
} from "@qnzs/core/cases/users";
import { listChannelAccounts } from "@qnzs/core/channels/health";
import {
  addChannelAccount,
  ChannelOptionsError,
  type CrawlerRuntime,
  checkChannelConnection,
  describeConfigFields,
  readConfigForm,
  setAccountPaused,
  setAccountSchedule,
} from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import { channelAccounts, orgs, type Role } from "@qnzs/db/schema";
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { GRANTABLE_ROLES, type GrantableRole } from "./grantable-roles.ts";
import type { ServiceFailure } from "./web-services.ts";

export type AdminResult<T> = { ok: true; value: T } | ServiceFailure;

/** Domain refusals and invalid channel options become a message for the form; anything else is a bug. */
async function attempt<T>(work: () => Promise<T>): Promise<AdminResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof CaseError) return { ok: false, status: error.status, message: error.message };
    if (error instanceof ChannelOptionsError) return { ok: false, status: 400, message: error.message };
    throw error;
  }
}

function assertSiteAdmin(actor: Actor): void {
  assertCan(actor.isAdmin, "只有站点管理员可以修改全站设置 / site admins only");
}

export interface NewUserForm {
  username: string;
  displayName?: string;
  password: string;
  orgId: number | null;
  role: GrantableRole | null;
  isAdmin: boolean;
}

export interface NewChannelForm {
  kind: string;
  name: string;
  orgId: number | null;
  schedule: string | null;
  /** the submitted form's values by field name */
  read: (name: string) => string[];
}

export function createAdminServices(database: Database, runtime: CrawlerRuntime) {
  const { db } = database;

  /** An account's owning org must be one the actor administers; accounts of no org are the site admins'. */
  async function assertAdministersAccount(actor: Actor, accountId: number): Promise<void> {
    const [account] = await db
      .select({ orgId: channelAccounts.orgId })
      .from(channelAccounts)
      .where(eq(channelAccounts.id, accountId));
    if (!account) throw new NotFound(`渠道账号 #${accountId} `);
    if (account.orgId === null) assertSiteAdmin(actor);
    else assertCan(canAdminister(actor, (await getOrg(db, account.orgId)).path));
  }

  async function listAccounts(actor: Actor) {
    const accounts = await listChannelAccounts(db, database.secrets, { now: runtime.now() });
    const orgIds = [...new Set(accounts.map((account) => account.orgId).filter((id): id is number => id !== null))];
    const owners = orgIds.length
      ? await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(inArray(orgs.id, orgIds))
      : [];
    const byId = new Map(owners.map((org) => [org.id, org]));
    const kinds = new Map(listAdapters().map((adapter) => [adapter.kind as string, adapter]));
    return accounts
      .filter((account) => {
        const owner = account.orgId === null ? null : byId.get(account.orgId);
        return owner ? canAdminister(actor, owner.path) : actor.isAdmin;
      })
      .map((account) => {
        const adapter = kinds.get(account.kind);
        return {
          ...account,
          kindName: adapter?.meta.name ?? account.kind,
          defaultSchedule: adapter?.meta.defaultSchedule ?? null,
          pulls: adapter?.capabilities.pull ?? false,
          orgName: account.orgId === null ? null : (byId.get(account.orgId)?.name ?? null),
        };
      });
  }

  return {
    /** who may open the admin area at all: site admins and anyone holding the admin role somewhere */
    mayAdminister: (actor: Actor) => administersAnything(actor),
    orgs: {
      list: (actor: Actor, options: { q?: string } = {}) => listAdministeredOrgs(db, actor, options),
      /** names of the org's ancestors, root first (above the actor's own subtree too: where the org sits) */
      listAncestorNames: async (org: { id: number; path: string }) =>
        (await listAncestors(db, org)).reverse().map((ancestor) => ancestor.name),
      /** rename and re-code: site admins, and admins of an org above it (not of the org itself) */
      mayChange: (actor: Actor, org: { id: number; path: string }) => canManageOrg(actor, org),
      add: (actor: Actor, input: z.input<typeof ChildOrgSchema>) => attempt(() => addChildOrg(db, actor, input)),
      rename: (actor: Actor, input: { orgId: number; name: string }) => attempt(() => renameOrg(db, actor, input)),
      setRegion: (actor: Actor, input: { orgId: number } & z.input<typeof OrgRegionSchema>) =>
        attempt(() => setOrgRegion(db, actor, input)),
    },
    users: {
      list: (actor: Actor, options: { q?: string } = {}) => listManagedUsers(db, actor, options),
      add: (actor: Actor, input: NewUserForm) =>
        attempt(async () => {
          // an org admin's new user holds a role in their subtree, or nobody but site admins could ever see them
          if (!actor.isAdmin && (input.orgId === null || input.role === null)) {
            throw new InvalidInput("请为新用户选择组织和角色 / choose an org and a role");
          }
          const roles = input.orgId !== null && input.role !== null ? [{ orgId: input.orgId, role: input.role }] : [];
          return addUser(
            db,
            {
              username: input.username,
              ...(input.displayName ? { displayName: input.displayName } : {}),
              password: input.password,
              isAdmin: input.isAdmin,
              roles,
            },
            { actor },
          );
        }),
      grant: (actor: Actor, input: { userId: number; orgId: number; role: Role }) =>
        attempt(async () => {
          if (!GRANTABLE_ROLES.some((role) => role === input.role)) {
            throw new InvalidInput("帮扶者角色须在命令行设置帮扶资料 / helpers are set up with qnzs user add");
          }
          await grantRole(db, input, { actor });
        }),
      revoke: (actor: Actor, input: { userId: number; orgId: number; role: Role }) =>
        attempt(() => revokeRole(db, input, { actor })),
      setDisabled: (actor: Actor, input: { userId: number; disabled: boolean }) =>
        attempt(() => setUserDisabled(db, actor, input)),
      resetPassword: (actor: Actor, input: { userId: number; password: string }) =>
        attempt(() => resetPassword(db, actor, input)),
    },
    channels: {
      /** the channel kinds an account can be added for, from the adapter registry */
      listKinds: () =>
        listAdapters().map((adapter) => ({
          kind: adapter.kind as string,
          name: adapter.meta.name,
          description: adapter.meta.description,
          defaultSchedule: adapter.meta.defaultSchedule ?? null,
          pulls: adapter.capabilities.pull,
        })),
      /** the form for a kind, from its adapter's config schema (null for an unknown kind) */
      describeForm: (kind: string) => {
        try {
          return describeConfigFields(runtime.adapterFor(kind));
        } catch {
          return null;
        }
      },
      list: (actor: Actor) => listAccounts(actor),
      add: (actor: Actor, input: NewChannelForm) =>
        attempt(async () => {
          if (input.orgId === null) assertSiteAdmin(actor);
          else assertCan(canAdminister(actor, (await getOrg(db, input.orgId)).path));
          const adapter = (() => {
            try {
              return runtime.adapterFor(input.kind);
            } catch {
              throw new InvalidInput(`未知的渠道类型 ${input.kind} / unknown channel kind`);
            }
          })();
          const options = readConfigForm(describeConfigFields(adapter), input.read);
          return addChannelAccount(runtime, {
            kind: input.kind,
            name: input.name,
            options,
            orgId: input.orgId,
            schedule: input.schedule,
          });
        }),
      checkConnection: (actor: Actor, accountId: number) =>
        attempt(async () => {
          await assertAdministersAccount(actor, accountId);
          return checkChannelConnection(runtime, accountId);
        }),
      setSchedule: (actor: Actor, input: { accountId: number; schedule: string | null }) =>
        attempt(async () => {
          await assertAdministersAccount(actor, input.accountId);
          await setAccountSchedule(runtime, input.accountId, input.schedule);
        }),
      setPaused: (actor: Actor, input: { accountId: number; paused: boolean }) =>
        attempt(async () => {
          await assertAdministersAccount(actor, input.accountId);
          await setAccountPaused(runtime, input.accountId, input.paused);
        }),
    },
    routing: {
      list: (actor: Actor) => listRoutingRulesFor(db, actor),
      add: (actor: Actor, input: z.input<typeof RoutingRuleSchema>) => attempt(() => addRoutingRule(db, actor, input)),
      setEnabled: (actor: Actor, input: { ruleId: number; enabled: boolean }) =>
        attempt(() => setRoutingRuleEnabled(db, actor, input.ruleId, input.enabled)),
      remove: (actor: Actor, ruleId: number) => attempt(() => deleteRoutingRule(db, actor, ruleId)),
    },
    deadlines: {
      list: () => listSlaPolicies(db),
      set: (actor: Actor, input: z.input<typeof SlaPolicySchema>) =>
        attempt(async () => {
          assertSiteAdmin(actor);
          await setSlaPolicy(db, input);
        }),
      remove: (actor: Actor, policyId: number) =>
        attempt(async () => {
          assertSiteAdmin(actor);
          await removeSlaPolicy(db, policyId);
        }),
    },
    calendar: {
      listYear: (year: number) => listCalendarDays(db, { from: `${year}-01-01`, to: `${year}-12-31` }),
      set: (actor: Actor, input: { day: string; kind: "holiday" | "workday"; name: string }) =>
        attempt(async () => {
          assertSiteAdmin(actor);
          await setCalendarDay(db, input);
        }),
      remove: (actor: Actor, day: string) =>
        attempt(async () => {
          assertSiteAdmin(actor);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new InvalidInput("日期格式为 YYYY-MM-DD");
          await removeCalendarDay(db, day);
        }),
    },
  };
}

export type AdminServices = ReturnType<typeof createAdminServices>;
export type AdminChannelAccount = Awaited<ReturnType<AdminServices["channels"]["list"]>>[number];
