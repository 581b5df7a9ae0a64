/** One Weibang event waiting to be pushed (reference §3): a message, a comment or a post in the org's community. */
export interface WeibangEvent {
  eventId: string;
  eventType: "message.created" | "comment.created" | "post.published";
  author: { id: string; display_name: string };
  threadId: string;
  text: string;
  attachments: { type: "image"; url: string }[];
  /** fixed at the first delivery attempt, so retries carry the same body */
  occurredAt: Date | null;
}

export interface WeibangOrg {
  id: string;
  name: string;
}

/** The Weibang side: the webhook secret, the receiving League organisation and the events to push. */
export class WeibangStore {
  readonly pending: WeibangEvent[] = [];
  readonly delivered: WeibangEvent[] = [];

  constructor(
    readonly secret: string,
    readonly org: WeibangOrg,
  ) {}
}
