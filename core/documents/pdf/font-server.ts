import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FontAssets } from './fonts';

/**
 * Serves the document fonts on a loopback port. A page filled by setContent has a null origin and cannot read
 * file:// fonts, so they come over HTTP with CORS; only the files named in the font CSS are served.
 */
export class FontServer {
  private server?: http.Server;
  private cache = new Map<string, Buffer>();
  base = '';

  constructor(private readonly assets: FontAssets) {}

  async start(): Promise<string> {
    if (this.server) return this.base;
    const server = http.createServer((req, res) => {
      const key = decodeURIComponent((req.url ?? '').replace(/^\/fonts\//, '').split('?')[0]);
      const file = req.method === 'GET' && req.url?.startsWith('/fonts/') ? this.assets.files.get(key) : undefined;
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      let body = this.cache.get(key);
      if (!body) {
        body = fs.readFileSync(file);
        this.cache.set(key, body);
      }
      res.writeHead(200, {
        'content-type': 'font/woff2',
        'content-length': body.length,
        'access-control-allow-origin': '*',
        'cache-control': 'public, max-age=31536000, immutable',
      });
      res.end(body);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.base;
  }

  /** True for URLs of files this server will answer. */
  allows(url: string): boolean {
    if (!this.base || !url.startsWith(`${this.base}/fonts/`)) return false;
    return this.assets.files.has(decodeURIComponent(url.slice(this.base.length + '/fonts/'.length)));
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
