import type { Metadata } from "next";
import { AskForm } from "../../../src/ui/forms/ask-form.tsx";

export const metadata: Metadata = { title: "我要提问" };

export default function AskPage() {
  return (
    <section className="stack narrow" aria-labelledby="ask-title">
      <h1 id="ask-title">我要提问</h1>
      <p>提交后您会得到一个诉求编号，凭编号可以随时查询办理进度、查看答复并评价。</p>
      <AskForm />
    </section>
  );
}
