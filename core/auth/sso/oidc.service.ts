import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { BaseClient, custom, errors, generators, Issuer } from 'openid-client';
import { EnvConfig } from '../../config/env.config';
import { PublicUrl } from '../../config/public-url';
import { AppError } from '../../http/app-error';
import { SSO_FAILURES, SsoFailure } from './sso.i18n';
import { SsoFlow, randomToken } from './sso-flow';

// A provider that hangs must not hold a sign-in (or a Node socket) for minutes.
custom.setHttpOptionsDefaults({ timeout: 10_000 });

export const OIDC_CALLBACK_PATH = '/login/oidc/callback';

/** OpenID Connect authorization code flow with PKCE, state and nonce, through openid-client (discovery, JWKS, ID token checks). */
@Injectable()
export class OidcService {
  private client: Promise<BaseClient> | null = null;

  constructor(
    private readonly env: EnvConfig,
    private readonly publicUrl: PublicUrl,
  ) {}

  get enabled(): boolean {
    return !!this.env.OIDC_ISSUER;
  }

  private get redirectUri(): string {
    return this.env.OIDC_REDIRECT_URI ?? `${this.publicUrl.base}${OIDC_CALLBACK_PATH}`;
  }

  /** Discovered once; a failed discovery is retried on the next sign-in rather than kept. */
  private getClient(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.env.OIDC_ISSUER!).then((issuer) => {
      const secret = this.env.OIDC_CLIENT_SECRET;
      return new issuer.Client({
        client_id: this.env.OIDC_CLIENT_ID!,
        client_secret: secret,
        redirect_uris: [this.redirectUri],
        response_types: ['code'],
        token_endpoint_auth_method: secret ? 'client_secret_basic' : 'none',
      });
    });
    this.client.catch(() => (this.client = null));
    return this.client.catch((err) => {
      throw unavailable(err);
    });
  }

  /** Where to send the browser, and the flow secrets to keep in its cookie until it returns. */
  async start(): Promise<{ url: string; flow: SsoFlow }> {
    const client = await this.getClient();
    const flow: SsoFlow = { method: 'oidc', state: randomToken(), nonce: randomToken(), verifier: generators.codeVerifier() };
    const url = client.authorizationUrl({
      scope: 'openid profile',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: generators.codeChallenge(flow.verifier!),
      code_challenge_method: 'S256',
    });
    return { url, flow };
  }

  /** Redeems the code (PKCE) and checks the ID token (signature, issuer, audience, nonce, expiry); answers the username. */
  async finish(req: Request, flow: SsoFlow): Promise<string> {
    const client = await this.getClient();
    const params = client.callbackParams(req);
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.callback(this.redirectUri, params, { state: flow.state, nonce: flow.nonce, code_verifier: flow.verifier, response_type: 'code' });
      claims = tokens.claims();
      if (claims[this.env.OIDC_USERNAME_CLAIM] === undefined && tokens.access_token && client.issuer.metadata.userinfo_endpoint) {
        claims = { ...(await client.userinfo(tokens.access_token)), ...claims };
      }
    } catch (err) {
      if (err instanceof errors.OPError) throw failed(params.error ? 'provider' : 'token', err.message);
      if (err instanceof errors.RPError) throw failed('token', err.message);
      throw unavailable(err);
    }
    const username = claims[this.env.OIDC_USERNAME_CLAIM];
    if (typeof username !== 'string' || !username.trim() || username.length > 64) throw failed('claim', `claim ${this.env.OIDC_USERNAME_CLAIM}`);
    return username.trim();
  }
}

/** A refused round trip; `why` goes to the audit log, the page shows the reason in the reader's language. */
export class SsoFailedError extends AppError {
  constructor(
    readonly reason: SsoFailure,
    readonly why: string,
  ) {
    super(HttpStatus.BAD_REQUEST, 'error.sso_failed', { reason: SSO_FAILURES[reason] });
  }
}

export function failed(reason: SsoFailure, why: string): SsoFailedError {
  return new SsoFailedError(reason, why.slice(0, 200));
}

const log = new Logger('Sso');

/** The provider could not be reached or answered nonsense: the operator reads why in the log, the user gets a 502. */
export function unavailable(err: unknown): AppError {
  if (err instanceof AppError) return err;
  log.warn(`identity provider unavailable: ${String((err as Error)?.message ?? err).slice(0, 300)}`);
  return new AppError(HttpStatus.BAD_GATEWAY, 'error.sso_unavailable');
}
