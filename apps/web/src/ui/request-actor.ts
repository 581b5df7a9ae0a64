/**
 * The signed-in staff member of a page or server action, checked on the server for every page: no session →
 * the sign-in page; a session without a fitting role → the "no access" state the page renders.
 */
import type { Actor } from "@qnzs/core/cases/access";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServices } from "../hub/context.ts";

export async function readActor(): Promise<Actor | null> {
  const list = await headers();
  return getServices().auth.currentActor({ method: "GET", header: (name) => list.get(name) });
}

/** The actor, or a redirect to sign in (coming back to `next` afterwards). */
export async function requireActor(next: string): Promise<Actor> {
  const actor = await readActor();
  if (!actor) redirect(`/console/login?next=${encodeURIComponent(next)}`);
  return actor;
}

export { type ConsoleArea, mayUse } from "./console-areas.ts";
