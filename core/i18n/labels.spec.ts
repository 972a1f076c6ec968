import { labelsIn } from './labels';

describe('labelsIn', () => {
  const table = { save: { zh: '保存', en: 'Save' }, onlyZh: { zh: '仅中文', en: '' } };

  it('gives each label in the language asked for', () => {
    expect(labelsIn(table, 'en')).toEqual({ save: 'Save', onlyZh: '仅中文' });
    expect(labelsIn(table, 'zh')).toEqual({ save: '保存', onlyZh: '仅中文' });
  });
});
