/** What a channel's adapter is given: the address read from the person at send time, the fixed text and the outbox id. */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  link: string;
  /** Stable per outbox row, so a gateway that deduplicates sees a resend as the same message. */
  ref: string;
}

export interface Transport {
  send(msg: OutgoingMessage): Promise<void>;
}

/** A failed send: `permanent` (a 4xx refusal, no contact on file) is recorded as failed, else the row is retried with backoff. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
