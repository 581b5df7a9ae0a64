import { describe, expect, it } from "vitest";
import { htmlToText, sanitizeHtml } from "./html.ts";
import { type AnswerContent, fitText, measureLength, type RenderTarget, renderForTarget } from "./render.ts";
import { channelRulesFor } from "./render-rules.ts";

const portalUrl = "https://qnzs.youth.cn/a/QN250301-0001";

const answer: AnswerContent = {
  title: "关于大学生志愿服务时长证明开具的答复",
  body: `同学你好，感谢你对共青团工作的关注！

关于志愿服务时长证明，按以下步骤办理：
1. 登录“志愿中国”平台，进入“我的志愿服务”；
2. 选择需要开具证明的项目，点击**申请证明**；
3. 由项目发布组织审核后，即可在线下载打印。

如平台记录与实际不符，请联系学院团委王老师（电话 13812345678，邮箱 wangls@example.edu.cn）核实补录。更多说明见 https://qnzs.youth.cn/help/volunteer 。`,
};

const target = (channel: string, kind: RenderTarget["kind"], maxLength: number): RenderTarget => ({
  channel,
  kind,
  maxLength,
  portalUrl,
});

const weiboLength = channelRulesFor("weibo").length;

describe("Weibo length", () => {
  it("counts a Chinese character as 1, two half-width characters as 1, and any link as 10", () => {
    expect(measureLength("志愿服务", weiboLength)).toBe(4);
    expect(measureLength("12355热线", weiboLength)).toBe(5);
    expect(measureLength("详见 https://qnzs.youth.cn/help/volunteer/certificate?from=weibo", weiboLength)).toBe(13);
  });
});

describe("renderForTarget", () => {
  it("cuts a Weibo comment at a sentence, on one line, with … and the portal link, within 140", () => {
    const rendered = renderForTarget(answer, target("weibo", "comment", 140));
    expect(rendered.text).toBe(
      "同学你好，感谢你对共青团工作的关注！ 关于志愿服务时长证明，按以下步骤办理： 1. 登录“志愿中国”平台，进入“我的志愿服务”； 2. 选择需要开具证明的项目，点击申请证明； 3. 由项目发布组织审核后，即可在线下载打印… https://qnzs.youth.cn/a/QN250301-0001",
    );
    expect(rendered.truncated).toBe(true);
    expect(rendered.length).toBeLessThanOrEqual(140);
  });

  it("cuts a tight Weibo comment at a clause rather than mid-word", () => {
    const rendered = renderForTarget(answer, target("weibo", "comment", 60));
    expect(rendered.text).toBe(
      `同学你好，感谢你对共青团工作的关注！ 关于志愿服务时长证明，按以下步骤办理… ${portalUrl}`,
    );
    expect(rendered.length).toBeLessThanOrEqual(60);
  });

  it("sends a short Weibo comment as written, without a link", () => {
    const rendered = renderForTarget({ body: "你好，证明已开具，请查收。" }, target("weibo", "comment", 140));
    expect(rendered).toMatchObject({ text: "你好，证明已开具，请查收。", truncated: false });
  });

  it("always puts the portal link in a Weibo post (statuses/share needs one)", () => {
    const rendered = renderForTarget({ body: "本周青年之声答复汇总已发布。" }, target("weibo", "post", 140));
    expect(rendered.text).toBe(`本周青年之声答复汇总已发布。 ${portalUrl}`);
  });

  it("sends a WeChat service message as plain text: lists numbered, bold unmarked, no tags", () => {
    const rendered = renderForTarget(answer, target("wechat", "message", 600));
    expect(rendered.text).toContain("\n1. 登录“志愿中国”平台");
    expect(rendered.text).toContain("点击申请证明；");
    expect(rendered.text).not.toMatch(/<[a-z/]/);
    expect(rendered.truncated).toBe(false);
  });

  it("cuts a WeChat service message over 600 characters and links the full answer", () => {
    const long = {
      body: Array.from({ length: 40 }, (_, i) => `第${i + 1}条：请按要求准备材料并按时提交。`).join("\n"),
    };
    const rendered = renderForTarget(long, target("wechat", "message", 600));
    expect(rendered.truncated).toBe(true);
    expect([...rendered.text].length).toBeLessThanOrEqual(600);
    expect(rendered.text.endsWith(`… ${portalUrl}`)).toBe(true);
    expect(rendered.text).toMatch(/请按要求准备材料并按时提交… https/);
  });

  it("makes a WeChat article: title, a digest of at most 120 characters, and HTML of the allowed tags only", () => {
    const rendered = renderForTarget(answer, target("wechat", "article", 600));
    expect(rendered.title).toBe("关于大学生志愿服务时长证明开具的答复");
    expect([...rendered.digest!].length).toBeLessThanOrEqual(120);
    expect(rendered.digest!.startsWith("同学你好，感谢你对共青团工作的关注！ 关于志愿服务时长证明")).toBe(true);
    expect(rendered.html).toContain("<ol><li>登录“志愿中国”平台，进入“我的志愿服务”；</li>");
    expect(rendered.html).toContain("点击<strong>申请证明</strong>");
    expect(rendered.html).toContain('<a href="https://qnzs.youth.cn/help/volunteer">');
    const tags = new Set([...rendered.html!.matchAll(/<\/?([a-z0-9]+)/g)].map((match) => match[1]));
    expect([...tags].sort()).toEqual(["a", "li", "ol", "p", "strong"]);
    expect(rendered.truncated).toBe(false);
  });

  it("treats a WeChat 'post' as an article (official accounts publish articles)", () => {
    expect(renderForTarget(answer, target("wechat", "post", 600)).html).toContain("<ol>");
  });

  it("keeps WeChat CDN images in an article and drops images from anywhere else", () => {
    const body = "活动现场：\n\n![合影](https://mmbiz.qpic.cn/mmbiz_jpg/abc/0)\n\n![外链](https://example.com/a.jpg)";
    const html = renderForTarget({ body, title: "活动回顾" }, target("wechat", "article", 600)).html!;
    expect(html).toContain('<img src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/0" alt="合影">');
    expect(html).not.toContain("example.com");
    expect(html).toContain("<p>外链</p>");
  });

  it("gives a Weibang operator task as plain text", () => {
    const rendered = renderForTarget(answer, target("weibang", "reply", 2000));
    expect(rendered.html).toBeNull();
    expect(rendered.text).toContain("点击申请证明；");
    expect(rendered.text).not.toMatch(/<[a-z/]/);
    expect(rendered.text).toContain("学院团委王老师（电话 138****5678，邮箱 w***@example.edu.cn）");
  });

  it("puts the full answer on the portal, never cut", () => {
    const rendered = renderForTarget(answer, { channel: "portal", kind: "portal", maxLength: 0, portalUrl: null });
    expect(rendered.truncated).toBe(false);
    expect(rendered.text).toContain("更多说明见 https://qnzs.youth.cn/help/volunteer");
    expect(rendered.html).toContain("<strong>申请证明</strong>");
  });

  it("never lets the phone number, e-mail or a marked name out unmasked, on any target", () => {
    const withName = { ...answer, body: `${answer.body}\n\n经办人：李晓明` };
    const targets = [
      target("weibo", "comment", 140),
      target("weibo", "post", 140),
      target("wechat", "message", 600),
      target("wechat", "article", 600),
      target("weibang", "reply", 2000),
      { channel: "portal", kind: "portal", maxLength: 0, portalUrl: null } as const,
    ];
    for (const each of targets) {
      const rendered = renderForTarget(withName, each, { names: ["李晓明"] });
      const everything = [rendered.text, rendered.html, rendered.title, rendered.digest].join("\n");
      expect(everything).not.toContain("13812345678");
      expect(everything).not.toContain("wangls@");
      expect(everything).not.toContain("李晓明");
      expect(rendered.masked.map((finding) => finding.kind)).toEqual(["mobile", "email", "name"]);
    }
    const portal = renderForTarget(withName, targets[5]!, { names: ["李晓明"] });
    expect(portal.text).toContain("经办人：李**");
  });

  it("does not read the asterisks of a masked number as bold", () => {
    const rendered = renderForTarget(
      { body: "**咨询电话**13812345678，**工作日**可拨打" },
      target("wechat", "article", 600),
    );
    expect(rendered.html).toBe("<p><strong>咨询电话</strong>138****5678，<strong>工作日</strong>可拨打</p>");
  });

  it("uses the editor's variant for its channel, masked and fitted like the body", () => {
    const rendered = renderForTarget(
      { ...answer, variants: { weibo: "证明可在“志愿中国”平台自助打印，有疑问请拨 13812345678。" } },
      target("weibo", "comment", 140),
    );
    expect(rendered.text).toBe("证明可在“志愿中国”平台自助打印，有疑问请拨 138****5678。");
  });

  it("sanitises an article pasted as HTML: no scripts, styles, handlers or javascript: links", () => {
    const pasted =
      '<p style="color:red" onclick="steal()">您好<script>alert(1)</script>，详见<a href="javascript:alert(2)">这里</a>和<a href="https://qnzs.youth.cn/x" onmouseover="x()">门户</a></p><style>p{}</style><img src="https://evil.example/x.png" onerror="alert(3)"><iframe src="https://evil.example"></iframe><div>联系 13812345678</div>';
    const rendered = renderForTarget({ body: pasted, title: "答复" }, target("wechat", "article", 600));
    expect(rendered.html).toBe('<p>您好，详见这里和<a href="https://qnzs.youth.cn/x">门户</a></p>联系 138****5678');
    expect(rendered.text).toBe("您好，详见这里和门户\n联系 138****5678");
  });
});

describe("sanitizeHtml", () => {
  const policy = { imageHosts: ["mmbiz.qpic.cn"] };

  it("keeps the allowed tags, maps b/i/h2 to strong/em/h3, and balances what is left open", () => {
    expect(sanitizeHtml("<h2>标题</h2><p><b>重点</b><i>说明</i><ul><li>一", policy)).toBe(
      "<h3>标题</h3><p><strong>重点</strong><em>说明</em><ul><li>一</li></ul></p>",
    );
  });

  it("escapes text and refuses links that only look like http", () => {
    expect(
      sanitizeHtml('<a href=" java\tscript:alert(1)">a</a> 1 < 2 &amp; <a href="https://user:pw@x.cn/">b</a>', policy),
    ).toBe("a 1 &lt; 2 &amp; b");
  });

  it("keeps images only from the allowed hosts and their subdomains", () => {
    expect(
      sanitizeHtml('<img src="https://a.mmbiz.qpic.cn/1.png"><img src="https://mmbiz.qpic.cn.evil.cn/2.png">', policy),
    ).toBe('<img src="https://a.mmbiz.qpic.cn/1.png">');
  });
});

describe("htmlToText", () => {
  it("turns blocks into lines and list items into bullets", () => {
    expect(htmlToText("<p>第一段</p><ul><li>甲</li><li>乙</li></ul><ol><li>一</li><li>二</li></ol>")).toBe(
      "第一段\n• 甲\n• 乙\n1. 一\n2. 二",
    );
  });
});

describe("fitText", () => {
  it("drops the link when even the link would not fit", () => {
    const fitted = fitText("一二三四五六七八九十一二三四五六七八九十", {
      maxLength: 12,
      length: weiboLength,
      link: portalUrl,
      linkRequired: false,
    });
    expect(fitted).toEqual({ text: "一二三四五六七八九十一…", truncated: true });
  });

  it("never cuts inside a link", () => {
    const fitted = fitText(`请看 ${portalUrl}/details/very/long 后面还有很多很多很多很多很多很多文字`, {
      maxLength: 20,
      length: weiboLength,
      link: null,
      linkRequired: false,
    });
    expect(fitted.text).toBe(`请看 ${portalUrl}/details/very/long 后面还有很多…`);
    expect(measureLength(fitted.text, weiboLength)).toBeLessThanOrEqual(20);
  });
});
