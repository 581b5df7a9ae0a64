import { CATEGORY_CODES, CATEGORY_LABELS, CHANNEL_LABELS } from "../labels.ts";
import type { MonitorParams } from "./monitor-query.ts";

const CHANNELS = ["weibo", "wechat", "weibang", "h5", "rss"];

export function MonitorFilters({
  params,
  accounts,
  regions,
}: {
  params: MonitorParams;
  /** province-level names, as posts carry them */
  regions: readonly string[];
  /** the channel accounts the reader may watch */
  accounts: { id: number; name: string; kind: string }[];
}) {
  return (
    <search>
      <form action="/console/monitor" method="get" className="filters" aria-label="筛选与搜索">
        <label className="field grow">
          <span>全文搜索</span>
          <input name="q" type="search" defaultValue={params.q} placeholder="关键词，如：助学贷款 欠薪" />
        </label>
        <label className="field">
          <span>渠道</span>
          <select name="channel" defaultValue={params.channel}>
            <option value="">全部渠道</option>
            {CHANNELS.map((kind) => (
              <option key={kind} value={kind}>
                {CHANNEL_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>账号</span>
          <select name="account" defaultValue={params.account}>
            <option value="">全部账号</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}（{CHANNEL_LABELS[account.kind] ?? account.kind}）
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>类别</span>
          <select name="category" defaultValue={params.category}>
            <option value="">全部类别</option>
            {CATEGORY_CODES.map((code) => (
              <option key={code} value={code}>
                {CATEGORY_LABELS[code]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>是否提问</span>
          <select name="question" defaultValue={params.question}>
            <option value="">全部</option>
            <option value="yes">仅提问</option>
            <option value="no">非提问</option>
          </select>
        </label>
        <label className="field">
          <span>地区</span>
          <select name="region" defaultValue={params.region}>
            <option value="">全部地区</option>
            {regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>起始日期</span>
          <input name="from" type="date" defaultValue={params.from} />
        </label>
        <label className="field">
          <span>截止日期</span>
          <input name="to" type="date" defaultValue={params.to} />
        </label>
        <label className="field">
          <span>排序</span>
          <select name="order" defaultValue={params.order}>
            <option value="newest">最新优先</option>
            <option value="relevance">相关度优先</option>
          </select>
        </label>
        <label className="check">
          <input name="urgent" type="checkbox" value="1" defaultChecked={params.urgent} />
          <span>仅紧急</span>
        </label>
        <button type="submit" className="button primary">
          搜索
        </button>
      </form>
    </search>
  );
}
