import type { PluginDefinition, ScreenDef } from '../plugin-api';
import { PluginHost } from './plugin-host';
import { screenHref } from '../web/shell.service';

function plugin(screen: ScreenDef): PluginDefinition {
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
          { key: 'count', id: 's-count', type: 'integer', label: { zh: '数量', en: 'Count' } },
        ],
      },
    ],
    screens: [screen],
  };
}
const checkIn = (codeField: string, stampField: string): ScreenDef => ({ id: 'arrivals', label: { zh: '到位登记', en: 'Arrivals' }, kind: 'check-in', recordType: 'slip', checkIn: { codeField, stampField } });

describe('check-in screens (ScreenDef kind check-in)', () => {
  it('need a string code field and a date stamp field', () => {
    expect(() => new PluginHost([plugin(checkIn('code', 'arrived'))], [])).not.toThrow();
    expect(() => new PluginHost([plugin(checkIn('count', 'arrived'))], [])).toThrow('needs checkIn.codeField naming a string field');
    expect(() => new PluginHost([plugin(checkIn('code', 'count'))], [])).toThrow('needs checkIn.stampField naming a date field');
    expect(() => new PluginHost([plugin({ ...checkIn('code', 'arrived'), checkIn: undefined })], [])).toThrow('needs checkIn.codeField');
  });

  it('live at /check-in/<plugin>/<screen> in navigation; other kinds stay at /p/', () => {
    expect(screenHref('desk', checkIn('code', 'arrived'))).toBe('/check-in/desk/arrivals');
    expect(screenHref('desk', { id: 'list', label: { zh: '列表', en: 'List' }, kind: 'list', recordType: 'slip' })).toBe('/p/desk/list');
  });
});
