import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { InstitutionEntity } from '../org/org.entities';
import type { LocalizedText } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RulesService } from './rules.service';

export interface IndicatorValue {
  /** `<pluginId>/<indicatorId>` */
  id: string;
  label: LocalizedText;
  unit: '%' | 'count' | 'fen';
  value: number;
  target: number | null;
}

/** Computes the indicators of the plugins an institution enables (the assessment module reads them). */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  async compute(institutionId: number, now: Date = this.clock.now()): Promise<IndicatorValue[]> {
    return this.db.read(async (m) => {
      const inst = await m.getRepository(InstitutionEntity).findOneByOrFail({ id: institutionId });
      const out: IndicatorValue[] = [];
      for (const { pluginId, indicator } of this.host.indicatorsFor(inst.code)) {
        const ctx = this.rules.context(m, institutionId, pluginId, this.host.optionsFor(inst.code, pluginId), now);
        const r = await indicator.compute(ctx);
        out.push({ id: `${pluginId}/${indicator.id}`, label: indicator.label, unit: indicator.unit, value: r.value, target: r.target ?? indicator.target ?? null });
      }
      return out;
    });
  }
}
