import type { PostSummary } from "@qnzs/core/monitor/posts";
import type { SearchHit } from "@qnzs/core/search/types";
import Link from "next/link";
import { formatTime } from "../format.ts";
import { HighlightedSnippet } from "../highlighted-snippet.tsx";
import { CATEGORY_LABELS, labelChannel } from "../labels.ts";

/** Only links a browser may follow safely (a post's URL comes from the platform). */
export function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export interface FoldedRepeats {
  count: number;
  posts: PostSummary[];
}

interface Props {
  hits: SearchHit[];
  /** near-duplicates folded under each shown post, by its id */
  repeats?: Record<number, FoldedRepeats>;
  /** show a checkbox per post (inside the "转为诉求" form) */
  selectable?: boolean;
}

export function PostList({ hits, repeats = {}, selectable = false }: Props) {
  if (hits.length === 0) return <p className="empty">没有符合条件的帖子。</p>;
  return (
    <ol className="posts">
      {hits.map((hit) => {
        const url = safeUrl(hit.url);
        const folded = repeats[hit.id];
        const author = hit.authorName ?? "匿名";
        return (
          <li key={hit.id} className={hit.urgent ? "post urgent" : "post"}>
            <p className="meta">
              {selectable ? (
                <label className="check select-post">
                  <input type="checkbox" name="postId" value={hit.id} />
                  <span className="visually-hidden">
                    选择 {author} {formatTime(hit.publishedAt)} 的帖子
                  </span>
                </label>
              ) : null}
              <span className={`channel channel-${hit.channel}`}>{labelChannel(hit.channel)}</span>
              <span>{author}</span>
              <time dateTime={hit.publishedAt.toISOString()}>{formatTime(hit.publishedAt)}</time>
              {hit.urgent ? <span className="tag danger">紧急</span> : null}
              {hit.isQuestion ? <span className="tag">提问</span> : null}
              {hit.category ? <span className="tag">{CATEGORY_LABELS[hit.category]}</span> : null}
              {hit.region ? (
                <span className="tag muted">{[hit.region, hit.city].filter(Boolean).join(" ")}</span>
              ) : null}
            </p>
            {hit.title ? <p className="post-title">{hit.title}</p> : null}
            <p className="snippet">
              <HighlightedSnippet snippet={hit.highlight} />
            </p>
            <p className="meta post-links">
              <Link href={`/console/monitor/posts/${hit.id}`}>
                查看详情<span className="visually-hidden">：{author} 的帖子</span>
              </Link>
              {url ? (
                <a href={url} target="_blank" rel="noopener noreferrer nofollow">
                  查看原帖
                </a>
              ) : null}
            </p>
            {folded && folded.count > 0 ? (
              <details className="repeats">
                <summary>另有 {folded.count} 条相似帖子</summary>
                <ul>
                  {folded.posts.map((repeat) => (
                    <li key={repeat.id}>
                      <span className="meta">
                        {labelChannel(repeat.channel)} · {repeat.authorName ?? "匿名"} ·{" "}
                        <time dateTime={repeat.publishedAt.toISOString()}>{formatTime(repeat.publishedAt)}</time>
                      </span>{" "}
                      <Link href={`/console/monitor/posts/${repeat.id}`}>{excerpt(repeat.text)}</Link>
                    </li>
                  ))}
                  {folded.count > folded.posts.length ? (
                    <li className="meta">
                      …以及另外 {folded.count - folded.posts.length} 条，见
                      <Link href={`/console/monitor/posts/${hit.id}`}>帖子详情</Link>
                    </li>
                  ) : null}
                </ul>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
