import { createHmac, randomUUID } from 'node:crypto';
import { DeliveryError, OutgoingMessage, Transport } from './transport';

/** A gateway that has not answered by then counts as a timeout, retried later. */
const TIMEOUT_MS = 10_000;

export interface SmsGatewaySettings {
  url: string;
  key: string;
  templateId?: string;
}

/** The signature the gateway checks: hex HMAC-SHA256 over "timestamp\nnonce\nbody" under the shared key. */
export function smsSignature(key: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', key).update(`${timestamp}\n${nonce}\n${body}`, 'utf8').digest('hex');
}

/**
 * The HTTP SMS gateway adapter, shaped like the Chinese SMS services (an approved template id with parameters, a signed
 * request): POST JSON {to, templateId, params: {link}, text, ref}. 2xx is sent; 4xx a refusal, recorded with the
 * gateway's reason; 5xx, timeouts and network errors are retried.
 */
export class SmsGatewayTransport implements Transport {
  constructor(private readonly settings: SmsGatewaySettings) {}

  async send(msg: OutgoingMessage): Promise<void> {
    const body = JSON.stringify({ to: msg.to, templateId: this.settings.templateId ?? null, params: { link: msg.link }, text: msg.text, ref: msg.ref });
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    let res: Response;
    try {
      res = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': smsSignature(this.settings.key, timestamp, nonce, body) },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as Error;
      throw new DeliveryError(e.name === 'TimeoutError' ? `gateway timeout after ${TIMEOUT_MS / 1000} s` : `gateway unreachable: ${(e.cause as Error | undefined)?.message ?? e.message}`, false);
    }
    if (res.ok) return;
    const reason = await gatewayReason(res);
    throw new DeliveryError(`gateway ${res.status}${reason ? `: ${reason}` : ''}`, res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429);
  }
}

/** The reason a gateway gives: a JSON message/msg/error field, else the start of its text. */
async function gatewayReason(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).trim();
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const r = j.message ?? j.msg ?? j.error ?? j.reason;
    if (typeof r === 'string') return r.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300);
}
