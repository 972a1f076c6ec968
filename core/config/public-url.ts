import * as os from 'node:os';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EnvConfig } from './env.config';

const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];

/**
 * The base URL printed into QR codes and links (public forms, check-in, verification): PUBLIC_URL when set,
 * else http://HOST:port with the port the server listens on (PORT=0 picks one at listen time, so never 0).
 */
export function publicBaseUrl(env: Pick<EnvConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>, listeningPort?: number): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, '');
  const port = listeningPort || env.PORT;
  if (!port) throw new Error('PUBLIC_URL is not set and the server is not listening yet (PORT=0): set PUBLIC_URL');
  // Bound to every interface: other machines reach it by the host's name, not by 0.0.0.0.
  const host = !env.HOST ? '127.0.0.1' : WILDCARD_HOSTS.includes(env.HOST) ? os.hostname() : env.HOST;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * Outside demo mode the server and the render worker refuse to start without PUBLIC_URL: it is printed into issued
 * documents (QR codes, verify links) and cannot be changed after issue, so a guessed listening address must not leak in.
 */
export function requirePublicUrl(env: Pick<EnvConfig, 'PUBLIC_URL'>, demo: boolean): void {
  if (demo || env.PUBLIC_URL) return;
  throw new Error(
    'PUBLIC_URL 未设置：正式运行须设置平台对外访问地址（印在公文二维码和核验链接中，出具后不能更改），例如 PUBLIC_URL=https://lianzheng.example.gov.cn；演示请用 --demo 或 DEMO_MODE=1\n' +
      'PUBLIC_URL is not set: outside demo mode set the address people reach the platform at (printed into QR codes and verify links of issued documents, which cannot be changed later), e.g. PUBLIC_URL=https://lianzheng.example.gov.cn; for a demo use --demo or DEMO_MODE=1',
  );
}

@Injectable()
export class PublicUrl {
  constructor(
    private readonly env: EnvConfig,
    private readonly adapter: HttpAdapterHost,
  ) {}

  get base(): string {
    const address = this.adapter.httpAdapter?.getHttpServer()?.address?.();
    return publicBaseUrl(this.env, address && typeof address === 'object' ? address.port : undefined);
  }
}
