import type { Category } from "@qnzs/db/schema";
import Link from "next/link";
import { CATEGORY_CODES, CATEGORY_LABELS } from "../labels.ts";

function hrefOf(category: Category | undefined, q: string): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (category) params.set("category", category);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

export function CategoryNav({ current, q }: { current: Category | undefined; q: string }) {
  return (
    <nav aria-label="按类别浏览" className="chips">
      <Link href={hrefOf(undefined, q)} aria-current={current ? undefined : "page"} className="chip">
        全部
      </Link>
      {CATEGORY_CODES.map((code) => (
        <Link key={code} href={hrefOf(code, q)} aria-current={current === code ? "page" : undefined} className="chip">
          {CATEGORY_LABELS[code]}
        </Link>
      ))}
    </nav>
  );
}
