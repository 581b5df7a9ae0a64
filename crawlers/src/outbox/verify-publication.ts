/**
 * After a send whose outcome is unknown: does the platform have it? Found and not found come from the adapter's
 * findPublished; where the adapter says it cannot tell for this message (`canVerify`), or has no check at all, the
 * answer is "cannot check" and the row is parked for a person — a null from such an adapter proves nothing.
 * Operator channels send nothing from here, so doing them again is always safe.
 */
import type { AdapterContext } from "@qnzs/adapters";
import { isOnPortal, type PublicationRow, type VerifyResult } from "@qnzs/core/publish/index";
import { messageOf } from "../error-kind.ts";
import type { CrawlerRuntime } from "../runtime.ts";
import { prepareSend } from "./send-publication.ts";

/** How long a platform check may take. */
const VERIFY_TIMEOUT_MS = 30_000;

export async function verifyPublication(
  runtime: CrawlerRuntime,
  row: PublicationRow,
  options: { portalUrlFor(answerId: number): string | null },
): Promise<VerifyResult> {
  if (row.accountId === null) {
    if (!(await isOnPortal(runtime.database.db, row.answerId))) return { kind: "not_found" };
    return {
      kind: "found",
      result: { remoteId: `portal:answer:${row.answerId}`, url: options.portalUrlFor(row.answerId) },
    };
  }
  let prepared: Awaited<ReturnType<typeof prepareSend>>;
  try {
    prepared = await prepareSend(runtime, row, row.accountId);
  } catch (error) {
    return { kind: "cannot_check", reason: messageOf(error) };
  }
  const { adapter, config, message } = prepared;
  if (adapter.capabilities.publishMode === "operator") return { kind: "not_found" };
  if (!adapter.findPublished) {
    return { kind: "cannot_check", reason: `「${adapter.meta.name}」无法查询已发布的内容 / no way to look it up` };
  }
  if (adapter.canVerify && !adapter.canVerify(config, message)) {
    return {
      kind: "cannot_check",
      reason: `平台不保留此类消息的记录，请在「${adapter.meta.name}」后台确认是否已送达 / the platform keeps no record of this kind of message`,
    };
  }
  const ctx: AdapterContext = {
    fetch: async (input, init) => {
      await runtime.budgets.acquire(adapter.kind, adapter.meta.antiCrawlerRisk, init?.signal ?? undefined);
      return runtime.fetch(input, init);
    },
    cache: runtime.cacheFor(row.accountId),
    now: runtime.now,
    signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
  };
  const found = await adapter.findPublished(config, message, ctx);
  return found ? { kind: "found", result: found } : { kind: "not_found" };
}
