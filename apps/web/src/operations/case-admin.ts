/**
 * The case commands' operations on an open database: org import, people, API tokens, 12355 hotline records and
 * the assessment report. The operator is trusted (as on the command line): no actor, as core/cases allows for its
 * local callers. Domain refusals become OperationError, the same on both paths.
 */
import { CaseError } from "@qnzs/core/cases/errors";
import { importHotlineRecords } from "@qnzs/core/cases/hotline";
import { buildAssessmentReport, parseReportPeriod } from "@qnzs/core/cases/metrics";
import { importOrgs } from "@qnzs/core/cases/org-import";
import { resolveOrgReference } from "@qnzs/core/cases/org-tree";
import { addUser, createApiToken } from "@qnzs/core/cases/users";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import { type HubOperations, OperationError } from "./types.ts";

type CaseAdminOperations = Pick<
  HubOperations,
  "importOrgs" | "addUser" | "createApiToken" | "importHotlineRecords" | "buildAssessmentReport"
>;

export function createCaseAdminOperations(runtime: CrawlerRuntime): CaseAdminOperations {
  const { db } = runtime.database;
  return {
    importOrgs: (csv) => asOperationError(() => importOrgs(db, csv)),
    addUser: (input) =>
      asOperationError(async () => {
        const roles = [];
        for (const grant of input.roles) {
          roles.push({ orgId: (await resolveOrgReference(db, grant.org)).id, role: grant.role });
        }
        const user = await addUser(db, {
          username: input.username,
          isAdmin: input.isAdmin ?? false,
          roles,
          ...(input.displayName ? { displayName: input.displayName } : {}),
          ...(input.password ? { password: input.password } : {}),
          ...(input.helper ? { helper: input.helper } : {}),
        });
        return { id: user.id, username: user.username, isAdmin: user.isAdmin };
      }),
    createApiToken: (input) => asOperationError(() => createApiToken(db, input)),
    importHotlineRecords: (csv) => asOperationError(() => importHotlineRecords(db, csv, { now: runtime.now() })),
    buildAssessmentReport: (request) =>
      asOperationError(async () => {
        const org = await resolveOrgReference(db, request.org);
        const period = parseReportPeriod(
          { ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) },
          runtime.now(),
        );
        const report = await buildAssessmentReport(db, { orgId: org.id, ...period });
        return { ...report, from: report.from.toISOString(), to: report.to.toISOString() };
      }),
  };
}

async function asOperationError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CaseError) throw new OperationError(error.message, error.status);
    throw error;
  }
}
