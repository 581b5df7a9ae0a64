import type { Platform } from "./platform.ts";

/** One thing published to the simulator: a reply, comment, post, message or article. */
export interface PublishedEntry {
  platform: Platform;
  endpoint: string;
  params: Record<string, unknown>;
  /** ISO time on the simulator's clock */
  at: string;
  remoteId: string | null;
}

/** Everything published to the simulator, in order, so tests and people can see what went out. */
export class PublishRecord {
  private readonly entries: PublishedEntry[] = [];

  add(entry: PublishedEntry): void {
    this.entries.push(entry);
  }

  list(): PublishedEntry[] {
    return [...this.entries];
  }
}
