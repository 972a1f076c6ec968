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
