import type { Metadata } from "next";
import { followAction } from "../../actions/portal-actions.ts";

export const metadata: Metadata = { title: "查询进度" };

export default function FollowPage() {
  return (
    <section className="stack narrow" aria-labelledby="follow-title">
      <h1 id="follow-title">查询办理进度</h1>
      <form action={followAction} className="stack">
        <label className="field">
          <span>诉求编号</span>
          <input name="code" required maxLength={40} autoCapitalize="characters" placeholder="提问后获得的编号" />
        </label>
        <button type="submit" className="button primary">
          查询
        </button>
      </form>
    </section>
  );
}
