/**
 * What an outbox row carries: the rendered message, fixed at approval so every retry sends the same text (and
 * a platform check after an unknown outcome looks for exactly that text). Read back with zod at the boundary.
 */
import type { OutboundMessage, OutboundTarget } from "@qnzs/adapters/contract";
import { z } from "zod";
import type { RenderedMessage } from "./render.ts";
import { PUBLISH_KINDS } from "./targets.ts";

export const PublicationPayloadSchema = z.object({
  kind: z.enum(PUBLISH_KINDS),
  text: z.string(),
  html: z.string().nullable(),
  title: z.string().nullable(),
  digest: z.string().nullable(),
  truncated: z.boolean(),
});
export type PublicationPayload = z.infer<typeof PublicationPayloadSchema>;

/** The stored part of a rendering; where personal data was found is not kept. */
export function toPayload(rendered: RenderedMessage): PublicationPayload {
  const { kind, text, html, title, digest, truncated } = rendered;
  return { kind, text, html, title, digest, truncated };
}

/** The message an adapter sends for an outbox row. The portal target is written locally, never through an adapter. */
export function buildOutboundMessage(
  row: { payload: unknown; idempotencyKey: string },
  replyTo: OutboundTarget | null,
): OutboundMessage {
  const payload = PublicationPayloadSchema.parse(row.payload);
  if (payload.kind === "portal") throw new Error("the portal target is not sent through an adapter");
  return {
    kind: payload.kind,
    text: payload.text,
    html: payload.html,
    title: payload.title,
    replyTo,
    idempotencyKey: row.idempotencyKey,
  };
}
