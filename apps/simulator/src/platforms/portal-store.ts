/** One article on a League portal: a 青年之声 question or notice, listed on index pages, with a detail page. */
export interface PortalArticle {
  /** TRS document number */
  docId: number;
  title: string;
  text: string;
  publishedAt: Date;
  editor: string;
  source: string;
  /** the path below the portal prefix, e.g. `202505/t20250512_9065508.htm` */
  path: string;
  /** portal-b: shown on top of the first two pages (置顶) */
  pinned: boolean;
  /** portal-b: the title is written with HTML entities for its quotes */
  entityTitle: boolean;
}

/** The two portals: portal-a is a TRS site (GBK header), portal-b another CMS (charset only in <meta>). */
export class PortalStore {
  /** newest first */
  readonly a: PortalArticle[] = [];
  readonly b: PortalArticle[] = [];
  private lastDocId = 9_065_500;

  nextDocId(): number {
    this.lastDocId += 7;
    return this.lastDocId;
  }
}
