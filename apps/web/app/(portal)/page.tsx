import Link from "next/link";
import { getServices } from "../../src/hub/context.ts";
import { CATEGORY_LABELS, isCategory } from "../../src/ui/labels.ts";
import { AnswerList } from "../../src/ui/portal/answer-list.tsx";
import { CategoryNav } from "../../src/ui/portal/category-nav.tsx";

export const dynamic = "force-dynamic";

interface Props {
  searchParams: Promise<{ q?: string; category?: string }>;
}

export default async function PortalHome({ searchParams }: Props) {
  const params = await searchParams;
  const q = (params.q ?? "").trim().slice(0, 100);
  const category = isCategory(params.category) ? params.category : undefined;
  const answers = await getServices().portal.searchAnswers({
    ...(q ? { q } : {}),
    ...(category ? { category } : {}),
    limit: 20,
  });
  const heading = q ? `“${q}”的答复` : category ? `${CATEGORY_LABELS[category]}的答复` : "最新答复";
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">有问题，问青年之声</h1>
        <p>学习、就业、权益、情感……先看看有没有人问过，没有就直接提问，团组织会在时限内答复您。</p>
        <search>
          <form action="/" method="get" className="search-row">
            <label htmlFor="portal-q" className="visually-hidden">
              搜索答复
            </label>
            <input id="portal-q" name="q" type="search" defaultValue={q} placeholder="搜索问题或答复，如：助学贷款" />
            {category ? <input type="hidden" name="category" value={category} /> : null}
            <button type="submit" className="button primary">
              搜索
            </button>
          </form>
        </search>
        <Link href="/ask" className="button secondary">
          我要提问
        </Link>
      </section>
      <CategoryNav current={category} q={q} />
      <section aria-labelledby="answers-title">
        <h2 id="answers-title">{heading}</h2>
        <AnswerList answers={answers} />
      </section>
    </>
  );
}
