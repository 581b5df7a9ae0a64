import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../../src/hub/context.ts";
import { AdminTabs } from "../../../../../src/ui/admin/admin-tabs.tsx";
import { formatTime } from "../../../../../src/ui/format.ts";
import { NoAccess } from "../../../../../src/ui/no-access.tsx";
import { AddWordsForm } from "../../../../../src/ui/publish/add-words-form.tsx";
import { mayUse, requireActor } from "../../../../../src/ui/request-actor.ts";
import { removeWordAction } from "../../../../actions/publish-actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "敏感词库" };

const LIST_LABELS = { blocked: "禁发敏感词", watched: "重点关注话题" } as const;
const PAGE = 200;

interface Props {
  searchParams: Promise<{ list?: string; q?: string; offset?: string }>;
}

export default async function WordsPage({ searchParams }: Props) {
  const actor = await requireActor("/console/admin/words");
  // reviewers and editors read the list they are checked against; site admins change it
  if (!mayUse(actor, "publish")) return <NoAccess area="敏感词库" />;
  const params = await searchParams;
  const list = params.list === "watched" ? "watched" : "blocked";
  const q = (params.q ?? "").trim().slice(0, 50);
  const offset = Math.max(0, Number(params.offset) || 0);
  const { total, words } = await getServices().publish.listWords({ list, ...(q ? { q } : {}), offset });
  return (
    <section className="stack" aria-labelledby="words-title">
      {mayUse(actor, "admin") ? <AdminTabs current="words" /> : null}
      <h1 id="words-title">敏感词库</h1>
      <p className="meta">
        禁发敏感词：答复和一键多发内容中出现即不能发布；重点关注话题：须由上一级组织审核。修改即时生效。
      </p>
      <nav className="tabs" aria-label="词表">
        {(["blocked", "watched"] as const).map((name) => (
          <Link
            key={name}
            className="tab"
            href={`/console/admin/words?list=${name}`}
            aria-current={name === list ? "page" : undefined}
          >
            {LIST_LABELS[name]}
          </Link>
        ))}
      </nav>
      {actor.isAdmin ? <AddWordsForm list={list} /> : null}
      <search>
        <form action="/console/admin/words" method="get" className="search-row">
          <input type="hidden" name="list" value={list} />
          <label htmlFor="words-q" className="visually-hidden">
            查找词语
          </label>
          <input id="words-q" name="q" type="search" defaultValue={q} placeholder="查找词语" />
          <button type="submit" className="button">
            查找
          </button>
        </form>
      </search>
      <p className="meta" role="status">
        {LIST_LABELS[list]}共 {total} 个{q ? `，含“${q}”的` : ""}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{LIST_LABELS[list]}</caption>
          <thead>
            <tr>
              <th scope="col">词语</th>
              <th scope="col">类别</th>
              <th scope="col">添加时间</th>
              {actor.isAdmin ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {words.map((word) => (
              <tr key={word.id}>
                <td>{word.word}</td>
                <td>{word.category ?? "—"}</td>
                <td>{formatTime(word.createdAt)}</td>
                {actor.isAdmin ? (
                  <td>
                    <form action={removeWordAction}>
                      <input type="hidden" name="id" value={word.id} />
                      <button type="submit" className="button small" aria-label={`删除“${word.word}”`}>
                        删除
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="分页" className="pager">
        {offset > 0 ? (
          <Link
            href={`/console/admin/words?list=${list}&q=${encodeURIComponent(q)}&offset=${Math.max(0, offset - PAGE)}`}
          >
            上一页
          </Link>
        ) : null}
        {offset + words.length < total ? (
          <Link href={`/console/admin/words?list=${list}&q=${encodeURIComponent(q)}&offset=${offset + PAGE}`}>
            下一页
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
