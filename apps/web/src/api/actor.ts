/**
 * Who is asking, for the publishing API: one ActorSource handed to the routes, so user sign-in replaces the interim
 * source in one place (an ActorSource with `adminToken: false` whose `resolve` reads the signed-in user).
 *
 * The interim `actingUser`: the router checks the hub's admin token, and its holder (the CLI, the console's server
 * side) names the person it acts for in `X-Qnzs-User` (a user id or username); that person's own roles decide what
 * is allowed — so review tiers and "nobody approves their own text" hold before user sign-in exists.
 */
import { type Actor, loadActor } from "@qnzs/core/cases/access";
import type { Db } from "@qnzs/db";
import { users } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { HttpError } from "../hub/http.ts";
import type { RouteContext } from "../hub/router.ts";

export interface ActorSource {
  /** true: the router lets only holders of the hub's admin token through (Route.auth) before `resolve` runs */
  adminToken: boolean;
  /** the person acting; throws HttpError 401/403 when there is none */
  resolve(context: RouteContext): Promise<Actor>;
}

export const ACTING_USER_HEADER = "x-qnzs-user";

export function actingUser(db: Db): ActorSource {
  return { adminToken: true, resolve: (context) => resolveActingUser(db, context) };
}

async function resolveActingUser(db: Db, { request }: RouteContext): Promise<Actor> {
  const raw = request.headers[ACTING_USER_HEADER];
  const named = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!named) {
    throw new HttpError(
      400,
      `请在 ${ACTING_USER_HEADER} 头中指明操作人 / name the acting user in ${ACTING_USER_HEADER}`,
    );
  }
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(/^\d+$/.test(named) ? eq(users.id, Number(named)) : eq(users.username, named));
  if (!user) throw new HttpError(403, "操作人不存在 / unknown acting user");
  return loadActor(db, user.id);
}
