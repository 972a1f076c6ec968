import type { PluginDefinition, ScreenDef } from '../plugin-api';
import { PluginHost } from './plugin-host';

function plugin(...screens: ScreenDef[]): PluginDefinition {
  return {
    id: 'desk',
    version: '1.0.0',
    name: { zh: '登记台', en: 'Desk' },
    coreCompatibility: '^1.0.0',
    recordTypes: [
      {
        id: 'slip',
        label: { zh: '单据', en: 'Slip' },
        titleField: 'code',
        fields: [
          { key: 'code', id: 's-code', type: 'string', label: { zh: '编号', en: 'Code' } },
          { key: 'arrived', id: 's-arrived', type: 'date', label: { zh: '到达日期', en: 'Arrived' } },
          { key: 'phone', id: 's-phone', type: 'string', label: { zh: '电话', en: 'Phone' }, sensitive: { encrypt: true, mask: 'phone', visibleTo: ['staff'] } },
        ],
      },
    ],
    screens,
  };
}
const queue = (extra: Partial<ScreenDef> = {}): ScreenDef => ({ id: 'queue', label: { zh: '待办', en: 'Queue' }, kind: 'list', recordType: 'slip', show: { field: 'arrived', op: 'present' }, editScreen: 'step', ...extra });
const step = (extra: Partial<ScreenDef> = {}): ScreenDef => ({ id: 'step', label: { zh: '登记', en: 'Step' }, kind: 'form', recordType: 'slip', creates: false, fields: ['arrived'], returnTo: 'queue', ...extra });

describe('work-queue lists (show, editScreen) and edit-only subset forms (fields, creates, returnTo)', () => {
  it('accept a queue linking to an edit-only form of the same record type', () => {
    expect(() => new PluginHost([plugin(queue(), step())], [])).not.toThrow();
  });

  it('reject unknown or sensitive fields, misplaced options and links to screens that do not fit', () => {
    expect(() => new PluginHost([plugin(queue(), step({ fields: ['nope'] }))], [])).toThrow('shows unknown field "nope"');
    expect(() => new PluginHost([plugin(queue({ show: { field: 'phone', op: 'present' } }), step())], [])).toThrow('show names unknown or sensitive field "phone"');
    expect(() => new PluginHost([plugin(queue({ editScreen: 'missing' }), step())], [])).toThrow('names "missing", which is not a form screen');
    expect(() => new PluginHost([plugin(queue({ editScreen: 'queue' }), step())], [])).toThrow('names "queue", which is not a form screen');
    expect(() => new PluginHost([plugin(step({ kind: 'list', returnTo: undefined }))], [])).toThrow('fields, creates and returnTo are for form screens');
    expect(() => new PluginHost([plugin(queue({ kind: 'form', editScreen: undefined }), step())], [])).toThrow('show and editScreen are for list screens');
  });
});
