import type { AnswerPreview } from "@qnzs/core/publish/index";
import { labelChannel } from "../labels.ts";
import { PUBLISH_KIND_LABELS } from "./publish-labels.ts";
import { WordFindings } from "./word-findings.tsx";

const PERSONAL_DATA_LABELS: Record<string, string> = {
  id_card: "身份证号",
  mobile: "手机号",
  bank_card: "银行卡号",
  landline: "固定电话",
  email: "邮箱",
  name: "姓名",
};

/**
 * What each target will show, as the channel will show it, with every finding: sensitive words, watched topics
 * and the personal data that will be masked. Articles render in a sandboxed frame (no scripts, no same origin).
 */
export function PreviewPanel({ preview }: { preview: AnswerPreview }) {
  return (
    <section className="stack" aria-labelledby="preview-title">
      <h2 id="preview-title">各渠道预览</h2>
      <WordFindings hits={preview.sensitiveWords} kind="blocked" />
      <WordFindings hits={preview.watchedTopics} kind="watched" />
      <ul className="cards preview-cards">
        {preview.targets.map((target) => {
          const masked = [...new Set(target.personalData.map((finding) => PERSONAL_DATA_LABELS[finding.kind]))];
          return (
            <li key={target.target} className="card preview-card" data-channel={target.channel}>
              <h3>
                {labelChannel(target.channel)} · {PUBLISH_KIND_LABELS[target.kind]}
              </h3>
              <p className="meta">
                {target.maxLength > 0 ? `${Math.ceil(target.length)} / ${target.maxLength} 字` : `${target.length} 字`}
                {target.truncated ? " · 已截断并附门户链接" : ""}
                {masked.length > 0 ? ` · 已隐去${masked.join("、")}` : ""}
              </p>
              {target.skipReason ? <p className="error-text">不会发送：{target.skipReason}</p> : null}
              {target.html && target.kind !== "portal" && target.channel !== "portal" && target.title ? (
                <>
                  <p>
                    <strong>{target.title}</strong>
                  </p>
                  {target.digest ? <p className="meta">摘要：{target.digest}</p> : null}
                  <iframe
                    className="article-frame"
                    title={`${labelChannel(target.channel)}图文预览`}
                    sandbox=""
                    srcDoc={`<!doctype html><meta charset="utf-8"><body style="font-family:sans-serif;line-height:1.6">${target.html}</body>`}
                  />
                </>
              ) : (
                <p className="preview-text">{target.text}</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
