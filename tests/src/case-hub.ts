/**
 * The hub in this process on a free port, on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set),
 * with a clock the test moves (a hub option, never an HTTP endpoint), and HTTP clients for people: everything a
 * case test does after start-up goes through the hub's HTTP API.
 */
import { createSilentLogger } from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import type { DatabaseTarget } from "@qnzs/db/testing";
import { type AddUserRequest, type RunningHub, startHub } from "@qnzs/web";

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export interface ApiClient {
  get<T = unknown>(path: string): Promise<Reply<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<Reply<T>>;
  put<T = unknown>(path: string, body?: unknown): Promise<Reply<T>>;
}

export interface CaseHub {
  hub: RunningHub;
  database: Database;
  /** sets the hub's clock to a Beijing wall-clock time, "2025-09-01 10:00" */
  setClock(local: string): void;
  /** the CLI's client: the hub's admin token */
  admin: ApiClient;
  anonymous: ApiClient;
  /** adds a person through the hub and returns a client holding their new API token */
  person(input: AddUserRequest): Promise<ApiClient & { userId: number }>;
  close(): Promise<void>;
}

/** "2025-09-01 10:00" in Beijing time. */
export function beijing(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+08:00`);
}

export function createClient(url: string, token: string | null): ApiClient {
  const send = async <T>(method: string, path: string, body?: unknown): Promise<Reply<T>> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    get: (path) => send("GET", path),
    post: (path, body = {}) => send("POST", path, body),
    put: (path, body = {}) => send("PUT", path, body),
  };
}

export async function startCaseHub(
  target: DatabaseTarget,
  options: { start: string; supervisionIntervalMs?: number },
): Promise<CaseHub> {
  const database = await target.open();
  let now = beijing(options.start);
  const hub = await startHub({
    database,
    port: 0,
    scheduler: false,
    logger: createSilentLogger(),
    token: "admin-token",
    now: () => now,
    supervision: options.supervisionIntervalMs ? { intervalMs: options.supervisionIntervalMs } : false,
  });
  const admin = createClient(hub.url, hub.token);
  return {
    hub,
    database,
    setClock(local) {
      now = beijing(local);
    },
    admin,
    anonymous: createClient(hub.url, null),
    async person(input) {
      const added = await admin.post<{ id: number }>("/api/admin/users", input);
      if (added.status !== 200) throw new Error(`adding ${input.username}: ${JSON.stringify(added.body)}`);
      const token = await admin.post<{ token: string }>("/api/admin/tokens", { username: input.username });
      return { ...createClient(hub.url, token.body.token), userId: added.body.id };
    },
    async close() {
      await hub.close();
      await database.close();
    },
  };
}

/** Imports posts through the hub (as `qnzs import` would) and finds their ids by search, in the order given. */
export async function importPosts(
  hub: CaseHub,
  posts: { channel: string; id: string; text: string }[],
): Promise<number[]> {
  const records = posts.map((post) => ({
    ok: true,
    channel: post.channel,
    item: {
      externalId: post.id,
      itemKind: "post",
      text: post.text,
      publishedAt: "2025-08-31T20:00:00+08:00",
      author: { id: `author-${post.id}`, name: `网友${post.id}` },
      raw: { id: post.id },
    },
  }));
  const imported = await hub.admin.post<{ new: number }>("/api/import", { records });
  if (imported.status !== 200 || imported.body.new !== posts.length) {
    throw new Error(`import: ${JSON.stringify(imported.body)}`);
  }
  const ids: number[] = [];
  for (const post of posts) {
    const found = await hub.admin.post<{ hits: { id: number; externalId: string }[] }>("/api/search", {
      text: post.text,
      limit: 50,
    });
    const hit = found.body.hits.find((candidate) => candidate.externalId === post.id);
    if (!hit) throw new Error(`post ${post.id} not found by search`);
    ids.push(hit.id);
  }
  return ids;
}

/** Asks again until `check` holds: for what the hub's own timers do (supervision), never for how long it takes. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
