/**
 * The process-wide hub context the console and portal pages read: the open database and the services bound to
 * it. Next compiles the pages into its own module graph, so this module may exist twice in one process (once
 * loaded by the hub, once bundled into the pages); the value therefore lives on globalThis under a registered
 * symbol, and both copies see the same one.
 */
import type { Database } from "@qnzs/db";
import type { WebServices } from "../services/web-services.ts";

export interface HubContext {
  database: Database;
  services: WebServices;
}

const KEY = Symbol.for("qnzs.hub.context");
type Holder = { [KEY]?: HubContext };

export function setHubContext(context: HubContext | null): void {
  const holder = globalThis as Holder;
  if (context) holder[KEY] = context;
  else delete holder[KEY];
}

export function getHubContext(): HubContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) throw new Error("hub context missing: pages run only inside the hub process (qnzs start)");
  return context;
}

/** The services pages call; shorthand for getHubContext().services. */
export function getServices(): WebServices {
  return getHubContext().services;
}
