import type { PluginDefinition, ScreenDef } from '../plugin-api';
import { PluginError, PluginHost } from './plugin-host';

function withScreen(screen: ScreenDef): PluginDefinition {
  return {
    id: 'board-demo',
    version: '1.0.0',
    name: { zh: '公开栏', en: 'Board' },
    coreCompatibility: '^1.0.0',
    recordTypes: [{ id: 'notice', label: { zh: '公告', en: 'Notice' }, titleField: 'title', fields: [{ key: 'title', id: 'b-title', type: 'string', label: { zh: '标题', en: 'Title' } }] }],
    screens: [screen],
  };
}

describe('public screens', () => {
  it('a dashboard screen may be public', () => {
    const host = new PluginHost([withScreen({ id: 'board', label: { zh: '公开栏', en: 'Board' }, kind: 'dashboard', recordType: 'notice', public: true, dashboard: () => [] })], []);
    expect(host.plugin('board-demo')?.screens?.[0].public).toBe(true);
  });

  it('a list or form screen may not (it would show records or take input with no login)', () => {
    expect(() => new PluginHost([withScreen({ id: 'list', label: { zh: '列表', en: 'List' }, kind: 'list', recordType: 'notice', public: true })], [])).toThrow(PluginError);
    expect(() => new PluginHost([withScreen({ id: 'list', label: { zh: '列表', en: 'List' }, kind: 'list', recordType: 'notice', public: true })], [])).toThrow('only dashboard screens can be public');
  });
});
