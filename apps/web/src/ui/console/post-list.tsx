import type { SearchHit } from "@qnzs/core/search/types";
import { formatTime } from "../format.ts";
import { HighlightedSnippet } from "../highlighted-snippet.tsx";
import { CATEGORY_LABELS, labelChannel } from "../labels.ts";

/** Only links a browser may follow safely (a post's URL comes from the platform). */
function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function PostList({ hits }: { hits: SearchHit[] }) {
  if (hits.length === 0) return <p className="empty">没有符合条件的帖子。</p>;
  return (
    <ol className="posts">
      {hits.map((hit) => {
        const url = safeUrl(hit.url);
        return (
          <li key={hit.id} className={hit.urgent ? "post urgent" : "post"}>
            <p className="meta">
              <span className={`channel channel-${hit.channel}`}>{labelChannel(hit.channel)}</span>
              <span>{hit.authorName ?? "匿名"}</span>
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
            {url ? (
              <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="meta">
                查看原帖
              </a>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
