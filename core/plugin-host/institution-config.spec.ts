import { ConfigError, parseInstitutionConfig } from './institution-config';

const FILE = 'config/institutions/unit-a.yaml';
const BASE = 'code: unit-a\nname: 甲单位\ntype: village\nletterhead: 甲单位支部\ndocNumberPrefix: 甲纪\n';

function refusal(yaml: string): { field: string; reason: string } {
  try {
    parseInstitutionConfig(FILE, yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return { field: (err as ConfigError).field, reason: (err as ConfigError).reason };
  }
  throw new Error('expected a ConfigError');
}

describe('institution config: oversight', () => {
  it('lets the parent see the unit’s warning matters unless the unit turns it off', () => {
    expect(parseInstitutionConfig(FILE, BASE).oversight).toEqual({ parentSeesWarnings: true });
    expect(parseInstitutionConfig(FILE, `${BASE}oversight: {}\n`).oversight).toEqual({ parentSeesWarnings: true });
    expect(parseInstitutionConfig(FILE, `${BASE}oversight: { parentSeesWarnings: false }\n`).oversight).toEqual({ parentSeesWarnings: false });
  });

  it('refuses a malformed block, naming the field', () => {
    expect(refusal(`${BASE}oversight: false\n`)).toEqual({ field: 'oversight', reason: 'must be a mapping, e.g. { parentSeesWarnings: false }' });
    expect(refusal(`${BASE}oversight: { parentSeesWarnings: "no" }\n`)).toEqual({ field: 'oversight.parentSeesWarnings', reason: 'must be true or false, got "no"' });
    expect(refusal(`${BASE}oversight: { parentSeesClues: false }\n`)).toEqual({ field: 'oversight.parentSeesClues', reason: 'unknown field (allowed: parentSeesWarnings)' });
  });
});
