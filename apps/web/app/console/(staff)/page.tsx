import { redirect } from "next/navigation";
import { mayUse, requireActor } from "../../../src/ui/request-actor.ts";

/** Media officers start at the monitor; everyone else who handles cases at their queues. */
export default async function ConsoleHome() {
  const actor = await requireActor("/console");
  const onlyWatches = !actor.isAdmin && actor.roles.every((role) => role.role === "media_officer");
  redirect(mayUse(actor, "cases") && !onlyWatches ? "/console/cases" : "/console/monitor");
}
