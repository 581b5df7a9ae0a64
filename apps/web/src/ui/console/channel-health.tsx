import type { ChannelAccountView } from "@qnzs/core/channels/health";
import { formatDuration, formatTime } from "../format.ts";
import { ACCOUNT_STATUS_LABELS, labelChannel } from "../labels.ts";

function healthClass(account: ChannelAccountView): string {
  if (account.health.status === "needs_reauth" || account.health.errorStreak >= 3) return "bad";
  if (account.health.errorStreak > 0 || account.health.status !== "active") return "warn";
  return "good";
}

export function ChannelHealthPanel({ accounts }: { accounts: ChannelAccountView[] }) {
  return (
    <section className="panel" aria-labelledby="health-title">
      <h2 id="health-title">渠道健康</h2>
      {accounts.length === 0 ? (
        <p className="empty">尚未接入渠道账号。</p>
      ) : (
        <ul className="health">
          {accounts.map((account) => (
            <li key={account.id} className={`health-item ${healthClass(account)}`}>
              <p>
                <strong>{account.name}</strong> <span className="meta">{labelChannel(account.kind)}</span>
              </p>
              <p className="meta">
                状态：{ACCOUNT_STATUS_LABELS[account.health.status] ?? account.health.status}
                {account.health.running ? "（抓取中）" : ""} · 延迟 {formatDuration(account.health.lagMs)} · 帖子{" "}
                {account.posts}
              </p>
              <p className="meta">
                {account.health.lastRunAt ? `最近成功：${formatTime(account.health.lastSuccessAt)}` : "尚未抓取"}
              </p>
              {account.health.lastError ? (
                <p className="meta error-text">
                  连续失败 {account.health.errorStreak} 次：
                  {account.health.lastError.message ?? account.health.lastError.kind}
                </p>
              ) : null}
              {account.health.quotaLeft !== null ? <p className="meta">剩余配额：{account.health.quotaLeft}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
