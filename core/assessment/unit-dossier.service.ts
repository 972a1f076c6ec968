import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AccessService } from '../org/access.service';
import type { LocalizedText } from '../plugin-api';
import type { RedWarning } from './assessment-facts';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { AssessmentSchemeService, presetOf, VIEW_ROLES } from './assessment-scheme.service';
import { formatHundredths } from './scoring';
import type { SubjectResult } from './subject-result';

export interface UnitDossierEntry {
  schemeId: number;
  schemeName: string;
  period: string;
  /** The institution whose scheme assessed the unit (the county). */
  assessedBy: string;
  /** Whether the caller may open the scheme itself (the county may; the unit's own officers may not). */
  schemeOpen: boolean;
  score: string;
  grade: LocalizedText;
  excludedFromPromotion: boolean;
  reasons: LocalizedText[];
  redWarnings: RedWarning[];
}

export interface UnitDossier {
  unit: { id: number; name: string };
  entries: UnitDossierEntry[];
}

/** A unit's assessment record (003 篇8 第二十六条): its frozen results in the schemes of the level above, by year. */
@Injectable()
export class UnitDossierService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly schemeService: AssessmentSchemeService,
    private readonly schemes: AssessmentSchemeRepository,
  ) {}

  /** The county (roles reaching the unit from above) and the unit's own officers and leaders may read it; others get the 404 of a missing unit. */
  async view(actor: Actor, unitId: number): Promise<UnitDossier> {
    await this.access.assertVisible(actor, unitId, { type: 'unit-dossier', id: unitId });
    await this.access.requireReadable(actor, unitId, VIEW_ROLES, { type: 'unit-dossier', id: unitId });
    const unit = await this.schemeService.institution(unitId);
    const entries = await this.db.read(async (m) => {
      const results = await this.schemes.resultsOfUnit(m, unitId);
      const schemes = await this.schemes.schemesByIds(m, [...new Set(results.map((r) => r.schemeId))]);
      const out: UnitDossierEntry[] = [];
      for (const r of results) {
        const s = schemes.find((x) => x.id === r.schemeId);
        if (!s || s.status === 'draft') continue;
        const detail = JSON.parse(r.detail) as SubjectResult;
        out.push({
          schemeId: s.id,
          schemeName: s.name,
          period: s.period,
          assessedBy: (await this.schemeService.institution(s.institutionId)).name,
          schemeOpen: actor.visibleInstitutionIds.includes(s.institutionId) && (await this.access.can(actor, s.institutionId, VIEW_ROLES)),
          score: formatHundredths(r.scoreHundredths),
          grade: presetOf(s).bands.find((b) => b.code === r.grade)?.label ?? { zh: r.grade, en: r.grade },
          excludedFromPromotion: r.excludedFromPromotion,
          reasons: [...detail.caps, ...detail.notBinding].map((c) => c.reason),
          redWarnings: detail.redWarnings ?? [],
        });
      }
      return out.sort((a, b) => b.period.localeCompare(a.period) || b.schemeId - a.schemeId);
    });
    return { unit: { id: unit.id, name: unit.name }, entries };
  }
}
