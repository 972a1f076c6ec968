import * as fs from 'node:fs';
import * as path from 'node:path';
import { PluginHost } from '../plugin-host/plugin-host';
import { checkTemplateData as checkFields } from './template-data';
import { DEMO_TEMPLATE_DATA, moduleRegistry } from '../domain-modules';
import { chineseNumeral, safeImage, safeUrl, TemplateRenderError, TemplateService } from './template.service';

const ROOT = path.resolve(__dirname, '..', '..');
/** Reviewed files allowed to contain `{{{`: one repo-relative path a line. Empty today. */
const ALLOW_LIST = path.join(ROOT, 'templates', 'triple-stash-allow-list.txt');

function hbsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : hbsFiles(p);
    return e.name.endsWith('.hbs') ? [p] : [];
  });
}

// Core templates' data shapes as the running platform registers them.
const registry = moduleRegistry();
const checkTemplateData = (id: string, data: Record<string, unknown>) => checkFields(registry.templateFields(id), data);

describe('template safety', () => {
  it('no .hbs under templates/, plugins/ or config/ uses triple-stash {{{ }}} outside the allow-list', () => {
    const allowed = new Set(fs.readFileSync(ALLOW_LIST, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
    const files = ['templates', 'plugins', 'config'].flatMap((d) => hbsFiles(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.map((f) => path.relative(ROOT, f)).filter((rel) => !allowed.has(rel) && /\{\{\{|\{\{~?\s*&/.test(fs.readFileSync(path.join(ROOT, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('allows only https:// and the app’s own /verify links, and only PNG data: images', () => {
    expect(safeUrl('https://example.gov.cn/a?b=1')).toBe('https://example.gov.cn/a?b=1');
    expect(safeUrl('/verify/0123456789abcdef01234567')).toBe('/verify/0123456789abcdef01234567');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:x', 'http://127.0.0.1/x', 'file:///etc/passwd', 'data:text/html,x', '//evil.example', '/verify/../x', 'https://a b', 'https://x"onerror=1', 42, null]) {
      expect(safeUrl(bad)).toBe('#');
    }
    expect(safeImage('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(safeImage('data:image/svg+xml,<svg onload=alert(1)>')).toBe('data:,');
    expect(safeImage('http://127.0.0.1/x.png')).toBe('data:,');
  });

  it('numbers （一） headings in Chinese', () => {
    expect([1, 2, 9, 10, 11, 20, 23, 99].map(chineseNumeral)).toEqual(['一', '二', '九', '十', '十一', '二十', '二十三', '九十九']);
  });

  describe('with the core templates', () => {
    const svc = new TemplateService(new PluginHost([], []), path.join(ROOT, 'templates', 'documents'));
    const doc = { number: '甲纪〔2026〕8号', dateText: '2026年6月20日', letterhead: '甲医院纪委', signature: '甲医院纪委', printer: '甲医院纪委办公室', qr: '', verifyUrl: '' };

    it('has a typed demo for every core template, and each demo passes its data check', () => {
      expect(svc.coreTemplateIds()).toEqual(Object.keys(DEMO_TEMPLATE_DATA).sort());
      for (const [id, data] of Object.entries(DEMO_TEMPLATE_DATA)) expect(checkTemplateData(id, data as unknown as Record<string, unknown>)).toEqual([]);
    });

    it('names missing, unknown and mistyped fields', () => {
      const { deadline: _d, ...rest } = DEMO_TEMPLATE_DATA['core/warning-notice'];
      expect(checkTemplateData('core/warning-notice', { ...rest, risks: 'x', extra: 1 })).toEqual(
        expect.arrayContaining([
          { field: 'extra', reason: 'unknown field' },
          { field: 'deadline', reason: 'is required' },
          expect.objectContaining({ field: 'risks' }),
        ]),
      );
      expect(checkTemplateData('core/interview-notice', { ...DEMO_TEMPLATE_DATA['core/interview-notice'], interviewee: { name: '李明' } })).toEqual([{ field: 'interviewee.post', reason: 'is required text' }]);
    });

    it('fails a strict render with the template id and the missing field', () => {
      const { place: _p, ...withoutPlace } = DEMO_TEMPLATE_DATA['core/interview-notice'];
      try {
        svc.render('core/interview-notice', { ...withoutPlace, doc });
        throw new Error('rendered');
      } catch (err) {
        expect(err).toBeInstanceOf(TemplateRenderError);
        expect((err as TemplateRenderError).field).toBe('place');
        expect((err as Error).message).toContain('core/interview-notice');
      }
    });

    it('escapes data and resolves gbt/ partials; the version changes with the source', () => {
      const html = svc.render('core/interview-notice', { ...DEMO_TEMPLATE_DATA['core/interview-notice'], subject: '<script>x</script>', doc });
      expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect(html).not.toContain('<script>');
      expect(html).toMatch(/class="gbt-mark[ "]/);
      expect(svc.version('core/interview-notice')).toMatch(/^[a-f0-9]{16}$/);
      expect(svc.version('core/interview-notice')).not.toBe(svc.version('core/warning-notice'));
    });

    it('rejects ids that try to leave the template folders', () => {
      for (const id of ['core/../../etc/passwd', 'core', '/core/x', 'core/a b']) expect(() => svc.resolve(id)).toThrow(TemplateRenderError);
    });
  });
});
