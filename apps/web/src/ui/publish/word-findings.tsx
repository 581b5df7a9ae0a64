import type { FieldHit } from "@qnzs/core/publish/index";
import { labelChannel } from "../labels.ts";
import { labelField } from "./publish-labels.ts";

/** Sensitive words (which block publishing) or watched topics (which need the level above), each with where. */
export function WordFindings({ hits, kind }: { hits: readonly FieldHit[]; kind: "blocked" | "watched" }) {
  if (hits.length === 0) return null;
  const blocked = kind === "blocked";
  return (
    <div className={blocked ? "notice danger-notice" : "notice"} role={blocked ? "alert" : "status"}>
      <p>
        <strong>{blocked ? "含有敏感词，不能发布：" : "涉及重点关注话题，须由上一级组织审核："}</strong>
      </p>
      <ul className="findings">
        {hits.map((hit) => (
          <li key={`${hit.field}:${hit.start}:${hit.word}`}>
            <mark>{hit.matched}</mark>
            {hit.matched !== hit.word ? `（词库：${hit.word}）` : ""}
            {hit.category ? <span className="tag muted">{hit.category}</span> : null}
            <span className="meta">
              {labelField(hit.field, labelChannel)}第 {hit.start + 1} 个字起
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
