import type { Role } from "@qnzs/db/schema";

/**
 * Roles an admin grants in the console; helpers need a helper profile (type, categories, capacity), set with
 * `qnzs user add --helper-type`. A leaf module: pages and server actions import it without bundling the domain.
 */
export const GRANTABLE_ROLES = ["admin", "cadre", "media_officer", "editor", "reviewer"] as const satisfies Role[];
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];
