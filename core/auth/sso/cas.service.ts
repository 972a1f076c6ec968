import { Injectable } from '@nestjs/common';
import { EnvConfig } from '../../config/env.config';
import { PublicUrl } from '../../config/public-url';
import { parseCasResponse } from './cas-response';
import { failed, unavailable } from './oidc.service';
import { SsoFlow, randomToken } from './sso-flow';

export const CAS_CALLBACK_PATH = '/login/cas/callback';

/** CAS 3: /login with a service URL carrying this browser's state, then the ticket checked at /p3/serviceValidate. */
@Injectable()
export class CasService {
  constructor(
    private readonly env: EnvConfig,
    private readonly publicUrl: PublicUrl,
  ) {}

  get enabled(): boolean {
    return !!this.env.CAS_BASE_URL;
  }

  /** The state rides in the service URL, so a ticket meant for another browser's round trip is refused. */
  private service(state: string): string {
    return `${this.publicUrl.base}${CAS_CALLBACK_PATH}?state=${encodeURIComponent(state)}`;
  }

  start(): { url: string; flow: SsoFlow } {
    const flow: SsoFlow = { method: 'cas', state: randomToken() };
    return { url: `${this.env.CAS_BASE_URL}/login?service=${encodeURIComponent(this.service(flow.state))}`, flow };
  }

  /** The username the CAS server vouches for with this ticket (single use, bound to the service URL). */
  async finish(ticket: unknown, flow: SsoFlow): Promise<string> {
    if (typeof ticket !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(ticket)) throw failed('ticket', 'missing or malformed ticket');
    const url = `${this.env.CAS_BASE_URL}/p3/serviceValidate?service=${encodeURIComponent(this.service(flow.state))}&ticket=${encodeURIComponent(ticket)}`;
    let body: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
      if (!res.ok) throw new Error(`serviceValidate answered ${res.status}`);
      body = await res.text();
    } catch (err) {
      throw unavailable(err);
    }
    const result = parseCasResponse(body);
    if (!result.ok) throw failed('ticket', result.code);
    if (result.user.length > 64) throw failed('claim', 'cas:user longer than 64');
    return result.user;
  }
}
