import { headers } from "next/headers";
import { isSameOriginRequest } from "../../src/auth/csrf.ts";

/**
 * The CSRF check of every server action (Next compares Origin and Host for actions as well; this makes the rule
 * ours and the same as the API's, see src/auth/csrf.ts).
 */
export async function assertSameOrigin(): Promise<void> {
  const list = await headers();
  if (!isSameOriginRequest((name) => list.get(name))) throw new Error("跨站请求被拒绝");
}
