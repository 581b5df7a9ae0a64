import { formatYmd, formatYmdChinese, formatYmdHms } from "../china-time.ts";
import { encodeGbk } from "../gbk.ts";
import { escapeHtml, htmlReply, type SimReply, type SimRequest } from "../http-kit.ts";
import type { PlatformHandler } from "../platform-handler.ts";
import type { SimState } from "../state.ts";
import type { PortalArticle } from "./portal-store.ts";

/**
 * Two League portals under `/portal-a` and `/portal-b` (reference §4): GBK pages, TRS-style paging, relative, `../`
 * and absolute links, a pinned item on two pages, an entity-encoded title, and both kinds of "past the last page".
 */

export const PORTAL_A_PAGE_SIZE = 8;
export const PORTAL_B_PAGE_SIZE = 6;

const GBK_HTML_A = "text/html; charset=GBK";
/** portal-b sends no charset in the header: only the <meta> says GBK */
const GBK_HTML_B = "text/html";

function gbkPage(status: number, html: string, contentType: string): SimReply {
  return htmlReply(status, encodeGbk(html), contentType);
}

/** `“` and `”` as HTML entities, as some CMS editors store them. */
function entityQuotes(text: string): string {
  return escapeHtml(text).replace(/“/g, "&ldquo;").replace(/”/g, "&rdquo;");
}

function titleHtml(article: PortalArticle): string {
  return article.entityTitle ? entityQuotes(article.title) : escapeHtml(article.title);
}

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .map((p) => `<p style="text-indent: 2em;">${escapeHtml(p)}</p>`)
    .join("\n");
}

const TRS_PAGER_SCRIPT = `function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("<span>首页</span>&nbsp;");
  else document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");
  for(var i=0; i<_nPageCount; i++){
    var sHref = i == 0 ? _sPageName+"."+_sPageExt : _sPageName+"_" + i + "."+_sPageExt;
    if(nCurrIndex == i) document.write("<span>"+(i+1)+"</span>&nbsp;");
    else document.write("<a href=\\""+sHref+"\\">"+(i+1)+"</a>&nbsp;");
  }
}`;

function served(endpoint: string, articles: PortalArticle[], site: "a" | "b"): SimReply["served"] {
  return { platform: "h5", endpoint, keys: articles.map((a) => `portal-${site}/${a.path}`), counted: true };
}

/** Items shift while editors publish, so a crawler sees one again on the next page (the duplicate fault). */
function withShiftedDuplicate(state: SimState, pages: PortalArticle[][], index: number): PortalArticle[] {
  const page = pages[index] ?? [];
  const previous = pages[index - 1];
  if (index === 0 || !previous || !state.faults.fire("h5", "duplicate_delivery")) return page;
  const carried = previous[previous.length - 1];
  return carried ? [carried, ...page] : page;
}

function chunk<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length > 0 ? pages : [[]];
}

function portalAList(state: SimState, pageIndex: number): SimReply {
  const pages = chunk(state.portals.a, PORTAL_A_PAGE_SIZE);
  if (pageIndex >= pages.length) {
    return gbkPage(
      404,
      "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>",
      GBK_HTML_A,
    );
  }
  const items = withShiftedDuplicate(state, pages, pageIndex);
  const rows = items
    .map(
      (a) =>
        `<li><a href="./${a.path}" target="_blank">${titleHtml(a)}</a><font>${formatYmd(a.publishedAt)}</font></li>`,
    )
    .join("\n");
  const html = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>青年之声_中国青年网</title>
<meta name="keywords" content="青年之声,共青团,中国青年网" />
<script type="text/javascript">${TRS_PAGER_SCRIPT}</script>
</head>
<body>
<div class="header"><a href="http://www.youth.cn/">中国青年网</a> &gt; <a href="./">青年之声</a></div>
<div class="list_l">
<ul class="tj3_1">
${rows}
</ul>
<div class="page"><script type="text/javascript">
var countPage = ${pages.length};
createPageHTML(${pages.length}, ${pageIndex}, "index", "htm");
</script></div>
</div>
<div class="footer">中国青年网 版权所有</div>
</body>
</html>`;
  const reply = gbkPage(200, html, GBK_HTML_A);
  reply.served = served("/portal-a/list", items, "a");
  return reply;
}

function portalADetail(article: PortalArticle): SimReply {
  const html = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>${titleHtml(article)}_青年之声_中国青年网</title>
</head>
<body>
<div class="page_title"><h1>${titleHtml(article)}</h1></div>
<div class="page_bt"><span class="pwz">发稿时间:${formatYmdHms(article.publishedAt)}&nbsp;&nbsp;编辑:${escapeHtml(article.editor)}&nbsp;&nbsp;来源:${escapeHtml(article.source)}</span></div>
<div class="page_text"><div class="TRS_Editor">
${paragraphs(article.text)}
</div></div>
<div class="page_fx">责任编辑：${escapeHtml(article.editor)}</div>
</body>
</html>`;
  const reply = gbkPage(200, html, GBK_HTML_A);
  reply.served = { platform: "h5", endpoint: "/portal-a/detail", keys: [`portal-a/${article.path}`], counted: false };
  return reply;
}

/** portal-b mixes link styles: `./`, `../` and absolute. */
function portalBLink(state: SimState, article: PortalArticle): string {
  switch (article.docId % 3) {
    case 0:
      return `./${article.path}`;
    case 1:
      return `../portal-b/${article.path}`;
    default:
      return `${state.baseUrl}/portal-b/${article.path}`;
  }
}

function portalBDate(article: PortalArticle, position: number): string {
  const ymd = formatYmd(article.publishedAt);
  return position % 2 === 0 ? formatYmdChinese(article.publishedAt) : `[${ymd.slice(5)}]`;
}

function notExistPage(): SimReply {
  const html = `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>页面不存在</title></head>
<body><div class="error"><h2>页面不存在</h2><p>您访问的页面不存在或已被删除，<a href="index.html">返回首页</a></p></div></body></html>`;
  return gbkPage(200, html, GBK_HTML_B);
}

function portalBList(state: SimState, pageIndex: number): SimReply {
  const pinned = state.portals.b.filter((a) => a.pinned);
  const pages = chunk(
    state.portals.b.filter((a) => !a.pinned),
    PORTAL_B_PAGE_SIZE,
  );
  if (pageIndex >= pages.length) return notExistPage();
  // The pinned item tops the first two pages, as this CMS repeats it.
  const regular = withShiftedDuplicate(state, pages, pageIndex);
  const items = pageIndex < 2 ? [...pinned, ...regular] : regular;
  const rows = items
    .map((a, i) => {
      const tag = a.pinned ? '<span class="tag">[置顶]</span>' : "";
      return `<li${a.pinned ? ' class="top"' : ""}>${tag}<a href="${portalBLink(state, a)}" title="${titleHtml(a)}">${titleHtml(a)}</a><span class="date">${portalBDate(a, i)}</span></li>`;
    })
    .join("\n");
  const pageName = (i: number): string => (i === 0 ? "index.html" : `index_${i}.html`);
  const last = pages.length - 1;
  const pager = [
    `<a href="${pageName(0)}">首页</a>`,
    pageIndex > 0 ? `<a href="${pageName(pageIndex - 1)}">上一页</a>` : "<span>上一页</span>",
    `<span class="current">${pageIndex + 1}/${pages.length}</span>`,
    pageIndex < last ? `<a href="${pageName(pageIndex + 1)}">下一页</a>` : "<span>下一页</span>",
    `<a href="${pageName(last)}">尾页</a>`,
  ].join(" ");
  const html = `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>特色巡礼 - 青年之声·江苏</title>
</head>
<body>
<div class="nav"><a href="javascript:void(0)" onclick="addFavorite()">收藏本站</a> | <a href="${state.baseUrl}/portal-b/index.html">首页</a></div>
<div class="news-list"><ul>
${rows}
</ul></div>
<div class="pager">${pager}</div>
</body>
</html>`;
  const reply = gbkPage(200, html, GBK_HTML_B);
  reply.served = served("/portal-b/list", items, "b");
  return reply;
}

function portalBDetail(article: PortalArticle): SimReply {
  const published = `${formatYmdChinese(article.publishedAt)} ${formatYmdHms(article.publishedAt).slice(11, 16)}`;
  const html = `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>${titleHtml(article)}</title>
</head>
<body>
<h1 class="article-title">${titleHtml(article)}</h1>
<div class="info">发布时间：${published}　来源：${escapeHtml(article.source)}　作者：${escapeHtml(article.editor)}</div>
<div class="article-content">
${paragraphs(article.text)}
</div>
</body>
</html>`;
  const reply = gbkPage(200, html, GBK_HTML_B);
  reply.served = { platform: "h5", endpoint: "/portal-b/detail", keys: [`portal-b/${article.path}`], counted: false };
  return reply;
}

function route(request: SimRequest, state: SimState): SimReply {
  const site = request.url.pathname.startsWith("/portal-a") ? "a" : "b";
  const path = request.path.replace(/^\//, "");
  if (site === "a") {
    const page = /^(?:index(?:_(\d+))?\.htm)?$/.exec(path);
    if (page) return portalAList(state, Number(page[1] ?? 0));
    const article = state.portals.a.find((a) => a.path === path);
    if (article) return portalADetail(article);
    return gbkPage(
      404,
      "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>",
      GBK_HTML_A,
    );
  }
  const page = /^(?:index(?:_(\d+))?\.html)?$/.exec(path);
  if (page) return portalBList(state, Number(page[1] ?? 0));
  const article = state.portals.b.find((a) => a.path === path);
  return article ? portalBDetail(article) : notExistPage();
}

export const portalsHandler: PlatformHandler = {
  platform: "h5",
  prefixes: ["/portal-a", "/portal-b"],
  handle: route,

  faultReply(fault) {
    if (fault !== "rate_limit") return null;
    return htmlReply(
      403,
      "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>您的访问过于频繁，请稍后再试。</p></body></html>",
    );
  },

  mislabel(reply) {
    // The header claims UTF-8 while the bytes stay GBK: a real-world mislabel.
    return { ...reply, headers: { ...reply.headers, "content-type": "text/html; charset=utf-8" } };
  },
};
