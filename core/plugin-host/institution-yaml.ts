import { stringify } from 'yaml';
import type { InstitutionConfig } from './institution-config';

/** The institution in its config file's shape, as parseInstitutionObject reads it back. */
export function institutionDocument(cfg: InstitutionConfig): Record<string, unknown> {
  const doc: Record<string, unknown> = { code: cfg.code, name: cfg.name };
  if (cfg.nameEn) doc.nameEn = cfg.nameEn;
  doc.type = cfg.type;
  if (cfg.parent) doc.parent = cfg.parent;
  Object.assign(doc, { letterhead: cfg.letterhead, docNumberPrefix: cfg.docNumberPrefix, warningPalette: cfg.warningPalette, gradingPreset: cfg.gradingPreset, assessmentPreset: cfg.assessmentPreset });
  if (cfg.plugins.length) {
    doc.plugins = cfg.plugins.map((p) => {
      const item: Record<string, unknown> = { id: p.id };
      if (Object.keys(p.options).length) item.options = p.options;
      if (Object.keys(p.ruleThresholds).length) item.ruleThresholds = p.ruleThresholds;
      if (p.models?.length) item.models = p.models;
      return item;
    });
  }
  if (cfg.grants.length) doc.grants = cfg.grants;
  const risk = Object.fromEntries(Object.entries(cfg.risk ?? {}).filter(([, v]) => v !== undefined));
  if (Object.keys(risk).length) doc.risk = risk;
  if (cfg.resultPublication) doc.resultPublication = cfg.resultPublication;
  if (!cfg.oversight.parentSeesWarnings) doc.oversight = cfg.oversight;
  return doc;
}

/** The institution as a config file (`config/institutions/<code>.yaml`), as it now stands. */
export function institutionYaml(cfg: InstitutionConfig): string {
  return `# ${cfg.name}: config/institutions/${cfg.code}.yaml\n${stringify(institutionDocument(cfg))}`;
}
