import * as fs from 'node:fs';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { describeHitInputs, hitSpecOf, hitText } from './rule-facts';
import { loadInstitutionConfigs } from '../plugin-host/institution-config';
it('prints', () => {
  const plugins = new Map(INSTALLED_PLUGINS.map((p) => [p.id, p]));
  const cat = {
    rules: (id: string) => plugins.get(id)?.rules ?? [],
    facts: (id: string) => new Map((plugins.get(id)?.facts ?? []).map((f) => [f.id, f])),
    subjectSources: (id: string) => new Map((plugins.get(id)?.subjects ?? []).map((s) => [s.id, s])),
    institutions: [{ code: 'district-tb-hospital', name: '青山区结核病定点医院' }, { code: 'liuwan-village-clinic', name: '柳湾村卫生室' }],
  };
  const rows = JSON.parse(fs.readFileSync('/tmp/helperC/hits.json', 'utf8'));
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const h of rows) {
    const n = seen.get(h.ruleId) ?? 0; seen.set(h.ruleId, n + 1); if (n >= 2) continue;
    const f = hitSpecOf(cat, h.ruleId)!;
    const inputs = JSON.parse(h.inputs);
    const r = describeHitInputs(inputs, f.spec);
    out.push(`== ${h.ruleId}\n${hitText(f.rule, inputs.subject?.label ?? '', r, 'zh')}\n${hitText(f.rule, '', r, 'en')}`);
  }
  fs.writeFileSync('/tmp/helperC/texts.txt', out.join('\n'));
});
