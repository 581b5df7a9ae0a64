import { CATEGORIES, type Category, HELPER_TYPES, type HelperType, ROLES, type Role } from "@qnzs/db/schema";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";

interface UserAddOptions {
  admin?: boolean;
  displayName?: string;
  password?: string;
  org: string[];
  role: string[];
  helperType?: string;
  categories?: string;
  capacity?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `--org A --role cadre --org B --role reviewer` pairs each role with the org before it; one `--org` with several
 * `--role`s gives every role at that org.
 */
function pairRoles(orgRefs: string[], roles: string[]): { org: string; role: Role }[] {
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new CliError(`未知角色 / unknown role ${role} (${ROLES.join(", ")})`);
  }
  if (roles.length === 0 && orgRefs.length === 0) return [];
  if (roles.length === 0) throw new CliError("--org 须配合 --role / --org needs --role");
  if (orgRefs.length === 1) return roles.map((role) => ({ org: orgRefs[0]!, role: role as Role }));
  if (orgRefs.length !== roles.length) throw new CliError("--org 与 --role 须一一对应 / give one --role per --org");
  return roles.map((role, i) => ({ org: orgRefs[i]!, role: role as Role }));
}

function parseHelper(
  options: UserAddOptions,
): { type: HelperType; categories: Category[]; capacity: number } | undefined {
  if (!options.helperType) return undefined;
  if (!(HELPER_TYPES as readonly string[]).includes(options.helperType)) {
    throw new CliError(`未知帮扶类型 / unknown helper type ${options.helperType} (${HELPER_TYPES.join(", ")})`);
  }
  const categories = (options.categories ?? "")
    .split(",")
    .map((category) => category.trim())
    .filter(Boolean);
  for (const category of categories) {
    if (!(CATEGORIES as readonly string[]).includes(category)) {
      throw new CliError(`未知类别 / unknown category ${category} (${CATEGORIES.join(", ")})`);
    }
  }
  const capacity = Number(options.capacity ?? "5");
  if (!Number.isInteger(capacity) || capacity < 1) throw new CliError("--capacity 须为正整数 / a positive integer");
  return { type: options.helperType as HelperType, categories: categories as Category[], capacity };
}

export function registerUser(program: Command): void {
  const user = program.command("user").description("people and their roles");
  user
    .command("add")
    .description("add a user: an admin, a cadre, editor, reviewer, media officer or helper of an org")
    .argument("<name>", "username")
    .option("--admin", "a site admin (sees and manages everything)")
    .option("--display-name <name>", "name shown in timelines (default: the username)")
    .option("--password <password>", "console password (at least 8 characters)")
    .option("--org <id|name>", "org of the next --role (repeatable)", collect, [])
    .option("--role <role>", `role at the org: ${ROLES.join(", ")} (repeatable)`, collect, [])
    .option("--helper-type <type>", `helper type: ${HELPER_TYPES.join(", ")}`)
    .option("--categories <list>", `categories the helper covers, comma-separated: ${CATEGORIES.join(",")}`)
    .option("--capacity <n>", "open cases the helper holds at most (default 5)")
    .action(async (name: string, commandOptions: UserAddOptions, command: Command) => {
      const options = globalOptions(command);
      const pairs = pairRoles(commandOptions.org, commandOptions.role);
      const helper = parseHelper(commandOptions);
      // orgs are resolved by whoever holds the database: the hub, or this process
      const added = await withHubOrDatabase(options, (operations) =>
        operations.addUser({
          username: name,
          isAdmin: commandOptions.admin ?? false,
          roles: pairs,
          ...(commandOptions.displayName ? { displayName: commandOptions.displayName } : {}),
          ...(commandOptions.password ? { password: commandOptions.password } : {}),
          ...(helper ? { helper } : {}),
        }),
      );
      if (options.json) printJson({ id: added.id, username: added.username, isAdmin: added.isAdmin });
      else process.stdout.write(`已添加用户 ${added.username} (#${added.id})${added.isAdmin ? "，管理员" : ""}\n`);
    });
}
