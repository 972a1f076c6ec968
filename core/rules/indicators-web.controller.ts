import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { type Actor, currentInstitutionOf } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { Lang, pick, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { periodOf } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { recordHref } from '../web/record-href';
import { ShellService } from '../web/shell.service';
import { IndicatorsService, IndicatorValue } from './indicators.service';

export class IndicatorBoardQuery {
  @IsOptional() @IsString() @MaxLength(64) plugin?: string;
  @IsOptional() @Matches(/^[0-9]{4}(-Q[1-4])?$/) period?: string;
  @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}

export class IndicatorDrillQuery {
  @Type(() => Number) @IsInt() @Min(1) institutionId: number;
  @IsOptional() @Matches(/^[0-9]{4}(-Q[1-4])?$/) period?: string;
  @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}

const TEXT = {
  board: { zh: '指标看板', en: 'Indicator board' },
  all: { zh: '全部', en: 'All' },
  year: { zh: '{y}年', en: '{y}' },
  quarter: { zh: '{y}年第{q}季度', en: '{y} Q{q}' },
  institution: { zh: '单位', en: 'Institution' },
  numerator: { zh: '分子', en: 'Numerator' },
  denominator: { zh: '分母', en: 'Denominator' },
  value: { zh: '实际值', en: 'Value' },
  target: { zh: '目标', en: 'Target' },
  result: { zh: '结论', en: 'Result' },
  met: { zh: '达标', en: 'Met' },
  missed: { zh: '未达标', en: 'Missed' },
  records: { zh: '查看记录', en: 'Records' },
  record: { zh: '记录', en: 'Record' },
  counted: { zh: '计入分子', en: 'In numerator' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  back: { zh: '返回指标看板', en: 'Back to the board' },
  period: { zh: '统计期', en: 'Period' },
  noPlugin: { zh: '本单位启用的插件没有考核指标', en: 'No plugin of this institution offers indicators' },
  noRecords: { zh: '本期没有计入该指标的记录', en: 'No records count towards this indicator in the period' },
  checkHint: { zh: '分母为下列全部记录，分子为其中“计入分子”为“是”的记录，可逐条核对。', en: 'The denominator is every record below; the numerator those marked yes.' },
};

const LABEL_W = 230;
const SCALE_W = 360;
const ROW_H = 26;

/** The district board (each indicator per institution against its target, as SVG charts) and its drill-down to the records. */
@ApiExcludeController()
@Controller('indicators')
export class IndicatorsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly indicators: IndicatorsService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly clock: Clock,
  ) {}

  private labels(lang: Lang) {
    return Object.fromEntries(Object.entries(TEXT).map(([k, v]) => [k, pick(v, lang)])) as Record<keyof typeof TEXT, string>;
  }

  private periodLabel(id: string | undefined, L: Record<keyof typeof TEXT, string>) {
    if (!id) return L.all;
    return id.length === 4 ? L.year.replace('{y}', id) : L.quarter.replace('{y}', id.slice(0, 4)).replace('{q}', id.slice(6));
  }

  /** The periods offered: all, this year and last year, and each quarter of this year. */
  private periods(base: string, current: string | undefined, L: Record<keyof typeof TEXT, string>) {
    const y = Number(this.clock.today().slice(0, 4));
    const ids = [undefined, String(y - 1), String(y), ...[1, 2, 3, 4].map((q) => `${y}-Q${q}`)];
    return ids.map((id) => ({ label: this.periodLabel(id, L), href: id ? `${base}&period=${id}` : base, active: id === current }));
  }

  private formatted(v: IndicatorValue, lang: Lang) {
    const fmt = (n: number) => (v.unit === '%' ? `${n}%` : v.unit === 'fen' ? pick({ zh: `${(n / 100).toFixed(2)}元`, en: `CNY ${(n / 100).toFixed(2)}` }, lang) : String(n));
    // An indicator that cannot be computed (未配置, 无数据) shows — and why in the result column, and is neither met nor missed.
    if (v.value === null) return { value: '—', target: v.target === null ? '' : `${v.better === 'lower' ? '≤' : '≥'}${fmt(v.target)}`, met: null, why: pick(v.unavailable ?? { zh: '—', en: '—' }, lang) };
    const met = v.target === null ? null : v.better === 'lower' ? v.value <= v.target : v.value >= v.target;
    return { value: fmt(v.value), target: v.target === null ? '' : `${v.better === 'lower' ? '≤' : '≥'}${fmt(v.target)}`, met, why: '' };
  }

  @Get()
  async board(@CurrentActor() actor: Actor, @Query() query: IndicatorBoardQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    currentInstitutionOf(actor);
    const lang = resolveLang(req);
    const L = this.labels(lang);
    const current = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId)!;
    const plugins = [...new Set(this.host.indicatorsFor(current.code).map((x) => x.pluginId))];
    const pluginId = query.plugin && plugins.includes(query.plugin) ? query.plugin : plugins[0];
    const period = query.period ? periodOf(query.period)! : undefined;
    // Visibility grants for this plugin count: the CDC sees the hospital that grants it the TB network.
    const rows = pluginId ? await this.indicators.across(await this.access.visibleInstitutionIds(actor, pluginId), pluginId, period) : [];
    const defs = rows[0]?.indicators ?? [];
    const charts = defs.map((def, i) => {
      const per = rows.map((r) => ({ inst: r.institution, v: r.indicators[i] }));
      const max = def.unit === '%' ? 100 : Math.max(1, (def.target ?? 0) * 1.5, ...per.map((p) => p.v.value ?? 0));
      const x = (n: number) => LABEL_W + 6 + Math.round((Math.min(n, max) / max) * SCALE_W);
      const drill = (instId: number) => `/indicators/${pluginId}/${def.id.slice(pluginId.length + 1)}?institutionId=${instId}${period ? `&period=${period.id}` : ''}`;
      return {
        title: pick(def.label, lang),
        target: this.formatted(def, lang).target,
        height: per.length * ROW_H + 24,
        width: LABEL_W + SCALE_W + 170,
        labelX: LABEL_W,
        barX: LABEL_W + 6,
        targetX: def.target === null ? null : x(def.target),
        targetLabel: `${L.target}${this.formatted(def, lang).target}`,
        lineBottom: per.length * ROW_H + 20,
        bars: per.map((p, j) => {
          const f = this.formatted(p.v, lang);
          const ratio = p.v.denominator !== null ? `（${p.v.numerator}/${p.v.denominator}）` : '';
          return {
            label: lang === 'en' && p.inst.nameEn ? p.inst.nameEn : p.inst.name,
            href: drill(p.inst.id),
            y: j * ROW_H + 18,
            textY: j * ROW_H + 34,
            width: Math.max(1, x(p.v.value ?? 0) - (LABEL_W + 6)),
            valueX: x(p.v.value ?? 0) + 6,
            value: `${p.v.value === null ? f.why : f.value}${ratio}`,
            cls: f.met === false ? 'bar-missed' : 'bar-met',
          };
        }),
        table: per.map((p) => {
          const f = this.formatted(p.v, lang);
          return { name: lang === 'en' && p.inst.nameEn ? p.inst.nameEn : p.inst.name, numerator: p.v.numerator ?? '', denominator: p.v.denominator ?? '', value: f.value, target: f.target, result: f.met === null ? f.why : f.met ? L.met : L.missed, met: f.met !== false, href: drill(p.inst.id) };
        }),
      };
    });
    const base = `/indicators?plugin=${pluginId ?? ''}`;
    const title = `${L.board}（${this.periodLabel(period?.id, L)}）`;
    await this.shell.send(req, res, actor, 'indicators/board', title, { L, charts, periods: this.periods(base, period?.id, L), plugins: plugins.map((p) => ({ id: p, name: pick(this.host.plugin(p)?.name, lang), active: p === pluginId })), empty: !pluginId });
  }

  @Get(':pluginId/:indicatorId')
  async drillDown(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('indicatorId') indicatorId: string, @Query() query: IndicatorDrillQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.access.assertVisible(actor, query.institutionId, { type: 'institution', id: query.institutionId }, pluginId);
    const lang = resolveLang(req);
    const L = this.labels(lang);
    const period = query.period ? periodOf(query.period)! : undefined;
    const d = await this.indicators.drillDown(query.institutionId, pluginId, indicatorId, period);
    const institutions = await this.access.institutions();
    const inst = institutions.find((i) => i.id === query.institutionId)!;
    const screens = this.host.screensFor(institutions.find((i) => i.id === actor.currentInstitutionId)?.code ?? '');
    const f = this.formatted(d, lang);
    const title = `${pick(d.label, lang)} · ${lang === 'en' && inst.nameEn ? inst.nameEn : inst.name}（${this.periodLabel(period?.id, L)}）`;
    await this.shell.send(req, res, actor, 'indicators/drill-down', title, {
      L,
      d: { numerator: d.numerator ?? '', denominator: d.denominator ?? d.records.length, value: f.value, target: f.target, result: f.met === null ? f.why : f.met ? L.met : L.missed, met: f.met !== false },
      records: d.records.map((r) => ({ id: r.id, title: r.title, ok: r.ok, okLabel: r.ok ? L.yes : L.no, href: r.recordType ? recordHref(screens, pluginId, r.recordType, r.id) : null })),
      back: `/indicators?plugin=${pluginId}${period ? `&period=${period.id}` : ''}`,
    });
  }
}
