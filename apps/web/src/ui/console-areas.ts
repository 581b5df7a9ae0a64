/** Which roles may use each console area (site admins may use all). Checked on the server by every page. */
import type { Actor } from "@qnzs/core/cases/access";
import type { Role } from "@qnzs/db/schema";

export const AREA_ROLES = {
  monitor: ["admin", "media_officer", "cadre", "editor"],
  cases: ["admin", "cadre", "reviewer", "editor", "media_officer", "helper"],
  publish: ["admin", "cadre", "reviewer", "editor"],
  supervision: ["admin", "cadre"],
  admin: ["admin"],
  dashboard: ["admin", "cadre"],
} satisfies Record<string, Role[]>;

export type ConsoleArea = keyof typeof AREA_ROLES;

export function mayUse(actor: Actor, area: ConsoleArea): boolean {
  const allowed: readonly Role[] = AREA_ROLES[area];
  return actor.isAdmin || actor.roles.some((role) => allowed.includes(role.role));
}
