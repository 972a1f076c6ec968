import type { PluginDefinition, ScreenDef } from '../plugin-api';
import { parseInstitutionConfig } from './institution-config';
import { PluginHost } from './plugin-host';

const screen = (id: string, extra: Partial<ScreenDef> = {}): ScreenDef => ({ id, label: { zh: id, en: id }, kind: 'dashboard', recordType: 'note', dashboard: () => [], ...extra });

function plugin(screens: ScreenDef[], institutionTypes?: PluginDefinition['institutionTypes']): PluginDefinition {
  return {
    id: 'tiers',
    version: '1.0.0',
    name: { zh: '层级', en: 'Tiers' },
    coreCompatibility: '^1.0.0',
    institutionTypes,
    recordTypes: [{ id: 'note', label: { zh: '记录', en: 'Note' }, titleField: 'title', fields: [{ key: 'title', id: 't-title', type: 'string', label: { zh: '标题', en: 'Title' } }] }],
    screens,
  };
}

const inst = (code: string, type: string) => parseInstitutionConfig(`/x/${code}.yaml`, `code: ${code}\nname: ${code}\ntype: ${type}\nletterhead: x\ndocNumberPrefix: x\nplugins: [tiers]\n`);

describe('screens offered by institution type', () => {
  it('a screen with institutionTypes appears only at institutions of those types; one without appears everywhere', () => {
    const host = new PluginHost([plugin([screen('village-only', { institutionTypes: ['village'] }), screen('township-only', { institutionTypes: ['government'] }), screen('everywhere')])], [inst('a-village', 'village'), inst('a-township', 'government')]);
    expect(host.screensFor('a-village').map((s) => s.screen.id)).toEqual(['village-only', 'everywhere']);
    expect(host.screensFor('a-township').map((s) => s.screen.id)).toEqual(['township-only', 'everywhere']);
    expect(host.screensFor('unknown')).toEqual([]);
  });

  it('a screen may not name a type its plugin does not support', () => {
    expect(() => new PluginHost([plugin([screen('s', { institutionTypes: ['hospital'] })], ['village'])], [])).toThrow('is for institution type "hospital", which the plugin does not support');
  });
});
