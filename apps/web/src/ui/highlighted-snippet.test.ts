import { describe, expect, it } from "vitest";
import { parseSnippet } from "./highlighted-snippet.tsx";

describe("search snippets", () => {
  it("keeps <mark> as highlights and turns everything else back into plain text", () => {
    expect(parseSnippet("…拖欠&lt;script&gt;<mark>工资</mark> &amp; 维权")).toEqual([
      { text: "…拖欠<script>", marked: false },
      { text: "工资", marked: true },
      { text: " & 维权", marked: false },
    ]);
  });
});
