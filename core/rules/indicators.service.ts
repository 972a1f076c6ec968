import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { In } from 'typeorm';
import { InstitutionEntity } from '../org/org.entities';
import type { FactContext, IndicatorDef, IndicatorPeriod, IndicatorRecordRef, LocalizedText } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { PluginRecordEntity } from '../records/record.entities';
import { RulesService } from './rules.service';

export interface IndicatorValue {
  /** `<pluginId>/<indicatorId>` */
  id: string;
  label: LocalizedText;
  unit: '%' | 'count' | 'fen';
  /** Null when the indicator cannot be computed (`unavailable` says why). */
  value: number | null;
  unavailable: LocalizedText | null;
  target: number | null;
  better: 'higher' | 'lower';
  /** A rate's numerator and denominator (null when the indicator gives none). */
  numerator: number | null;
  denominator: number | null;
  /** The reporting period, null for all records. */
  period: string | null;
}

export const NO_DATA: LocalizedText = { zh: '无数据', en: 'No data' };

/** An indicator with the records behind it, so a number can be checked by hand. */
export interface IndicatorDrillDown extends IndicatorValue {
  institutionId: number;
  /** With each record's type, so the screen can link to its page. */
  records: (IndicatorRecordRef & { recordType: string | null })[];
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

  async compute(institutionId: number, now: Date = this.clock.now(), period?: IndicatorPeriod): Promise<IndicatorValue[]> {
    return (await this.run(institutionId, now, period, () => true)).map(({ records: _records, ...v }) => v);
  }

  /** One indicator of one institution with its records; 404 when the institution does not enable it. */
  async drillDown(institutionId: number, pluginId: string, indicatorId: string, period?: IndicatorPeriod, now: Date = this.clock.now()): Promise<IndicatorDrillDown> {
    const [found] = await this.run(institutionId, now, period, (p, d) => p === pluginId && d.id === indicatorId);
    if (!found) throw AppError.notFound();
    const refs = found.records ?? [];
    const types = refs.length ? await this.db.read((m) => m.getRepository(PluginRecordEntity).find({ where: { id: In(refs.map((r) => r.id)), pluginId }, select: { id: true, recordType: true } })) : [];
    return { institutionId, ...found, records: refs.map((r) => ({ ...r, recordType: types.find((x) => x.id === r.id)?.recordType ?? null })) };
  }

  /** One plugin's indicators at each of the given institutions that enable it, in id order (a district board). */
  async across(institutionIds: number[], pluginId: string, period?: IndicatorPeriod, now: Date = this.clock.now()) {
    const institutions = await this.db.read((m) => m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } }));
    const out: { institution: { id: number; code: string; name: string; nameEn: string | null }; indicators: IndicatorValue[] }[] = [];
    for (const inst of institutions.filter((i) => institutionIds.includes(i.id) && this.host.indicatorsFor(i.code).some((x) => x.pluginId === pluginId))) {
      const values = (await this.run(inst.id, now, period, (p) => p === pluginId)).map(({ records: _records, ...v }) => v);
      out.push({ institution: { id: inst.id, code: inst.code, name: inst.name, nameEn: inst.nameEn || null }, indicators: values });
    }
    return out;
  }

  private async run(institutionId: number, now: Date, period: IndicatorPeriod | undefined, want: (pluginId: string, def: IndicatorDef) => boolean) {
    return this.db.read(async (m) => {
      const inst = await m.getRepository(InstitutionEntity).findOneByOrFail({ id: institutionId });
      const out: (IndicatorValue & { records?: IndicatorRecordRef[] })[] = [];
      // One context per plugin, so its indicators share the record lists it has read.
      const contexts = new Map<string, FactContext>();
      for (const { pluginId, indicator } of this.host.indicatorsFor(inst.code)) {
        if (!want(pluginId, indicator)) continue;
        if (!contexts.has(pluginId)) contexts.set(pluginId, { ...this.rules.context(m, institutionId, pluginId, this.host.optionsFor(inst.code, pluginId), now), period });
        const ctx = contexts.get(pluginId)!;
        const computed = await indicator.compute(ctx);
        // A rate over nothing (0/0) is no result, whatever value the plugin put on it.
        const r = indicator.unit === '%' && computed.denominator === 0 && !computed.unavailable ? { ...computed, unavailable: NO_DATA } : computed;
        out.push({
          id: `${pluginId}/${indicator.id}`,
          label: indicator.label,
          unit: indicator.unit,
          value: r.unavailable ? null : r.value,
          unavailable: r.unavailable ?? null,
          target: r.target ?? indicator.target ?? null,
          better: indicator.better ?? 'higher',
          numerator: r.numerator ?? null,
          denominator: r.denominator ?? null,
          period: period?.id ?? null,
          records: r.records,
        });
      }
      return out;
    });
  }
}
