import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next ID token the OIDC stub issues gets wrong, to see the platform refuse it. */
export interface OidcTamper {
  nonce?: string;
  iss?: string;
  /** Signs with a key the JWKS does not hold (same kid). */
  foreignKey?: boolean;
}

export interface OidcStub {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The username the next sign-in at the authorize endpoint yields. */
  user: string;
  tamper: OidcTamper;
  /** Token requests refused because the PKCE verifier did not match the challenge. */
  pkceRefusals: number;
  close(): Promise<void>;
}

export interface CasStub {
  baseUrl: string;
  user: string;
  /** serviceValidate answers as they were sent, newest last. */
  validations: string[];
  close(): Promise<void>;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  return `${head}.${body}.${b64url(sign('sha256', Buffer.from(`${head}.${body}`), key))}`;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A local OpenID provider: discovery, JWKS with an RSA key made here, an authorize endpoint that signs the stub's
 * `user` in at once and redirects back with a code, and a token endpoint that checks the client secret and the PKCE
 * verifier before issuing a signed ID token.
 */
export async function startOidcStub(): Promise<OidcStub> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'stub-key-1';
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; user: string }>();
  const server = http.createServer();
  const issuer = await listen(server);
  const stub: OidcStub = { issuer, clientId: 'lianzheng', clientSecret: 'stub-secret-123', user: '', tamper: {}, pkceRefusals: 0, close: () => closeServer(server) };
  const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== stub.clientId || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('nonce') || !q.get('state')) {
        return json(res, 400, { error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { nonce: q.get('nonce')!, challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')!, user: stub.user });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const basic = `Basic ${Buffer.from(`${stub.clientId}:${stub.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return json(res, 401, { error: 'invalid_client' });
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!grant || grant.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
      if (b64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest()) !== grant.challenge) {
        stub.pkceRefusals++;
        return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verifier mismatch' });
      }
      const now = Math.floor(Date.now() / 1000);
      const t = stub.tamper;
      const claims = { iss: t.iss ?? issuer, sub: `sub-${grant.user}`, aud: stub.clientId, iat: now, exp: now + 300, nonce: t.nonce ?? grant.nonce, preferred_username: grant.user };
      return json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: signJwt(claims, t.foreignKey ? foreign : privateKey, kid) });
    }
    json(res, 404, { error: 'not_found' });
  });
  return stub;
}

/** A local CAS 3 server: /cas/login hands a single-use ticket for `user` to the service; /cas/p3/serviceValidate checks it. */
export async function startCasStub(): Promise<CasStub> {
  const tickets = new Map<string, { service: string; user: string }>();
  const server = http.createServer();
  const origin = await listen(server);
  const stub: CasStub = { baseUrl: `${origin}/cas`, user: '', validations: [], close: () => closeServer(server) };
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const service = url.searchParams.get('service') ?? '';
    if (url.pathname === '/cas/login') {
      const ticket = `ST-${randomBytes(12).toString('hex')}`;
      tickets.set(ticket, { service, user: stub.user });
      const back = new URL(service);
      back.searchParams.set('ticket', ticket);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/cas/p3/serviceValidate') {
      const ticket = url.searchParams.get('ticket') ?? '';
      const grant = tickets.get(ticket);
      tickets.delete(ticket);
      const body =
        grant && grant.service === service
          ? `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>${grant.user}</cas:user><cas:attributes><cas:displayName>x</cas:displayName></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>`
          : `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">Ticket ${ticket} not recognized</cas:authenticationFailure></cas:serviceResponse>`;
      stub.validations.push(body);
      return res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
    }
    res.writeHead(404).end();
  });
  return stub;
}
