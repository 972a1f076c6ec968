import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { startTestApp, TestApp } from '../support/test-app';

describe('route dump', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());
  it('dumps', () => {
    const container = (t.app as any).container;
    const join = (...parts: unknown[]) => '/' + parts.flatMap((p) => (Array.isArray(p) ? p[0] : p) ?? '').map((p) => String(p).replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
    const out: string[] = [];
    for (const mod of container.getModules().values()) for (const { metatype } of mod.controllers.values()) {
      const base = Reflect.getMetadata(PATH_METADATA, metatype);
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const h = metatype.prototype[name];
        if (typeof h !== 'function' || name === 'constructor') continue;
        const mp = Reflect.getMetadata(PATH_METADATA, h);
        if (mp === undefined) continue;
        const p = join(base, mp);
        if (p.includes(':')) out.push(`${RequestMethod[Reflect.getMetadata(METHOD_METADATA, h)]} ${p}  ${metatype.name}.${name}`);
      }
    }
    require('fs').writeFileSync('/tmp/lzrel/routes.txt', out.sort().join('\n'));
  });
});
