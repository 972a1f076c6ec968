import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, currentInstitutionOf } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { pick, resolveLang } from '../i18n/i18n';
import { ShellService } from '../web/shell.service';
import { assessmentLabels } from './assessment-labels';
import { buildCharts, unitRankingWorkbook } from './assessment-report';
import { UnitDossierService } from './unit-dossier.service';
import { UnitRankingService } from './unit-ranking.service';

/** A period asked for in the query; anything else means the latest. */
function periodOf(req: Request): string | undefined {
  const p = typeof req.query.period === 'string' ? req.query.period : '';
  return /^\d{4}(-(H1|H2|Q[1-4]))?$/.test(p) ? p : undefined;
}

/** The ranking of the units under the current institution, on screen and as a workbook. */
@ApiExcludeController()
@Controller('assessment')
export class UnitRankingWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly units: UnitRankingService,
    private readonly unitDossiers: UnitDossierService,
  ) {}

  @Get('units')
  async unitRanking(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const r = await this.units.ranking(actor, currentInstitutionOf(actor), periodOf(req));
    const charts = buildCharts([], [], lang, r.history);
    await this.shell.send(req, res, actor, 'assessment/units', L.unitRanking, {
      L,
      r: {
        ...r,
        rows: r.rows.map((row) => ({ ...row, vetoTexts: (row.vetoReasons ?? []).map((t) => pick(t, lang)), dossierHref: `/assessment/units/${row.institutionId}/dossier` })),
      },
      byUnitScheme: r.basis === 'unit-scheme',
      basisText: r.basis === 'unit-scheme' ? L.basisUnitScheme : L.basisAverage,
      barredText: L.unitBarredCount.replace('{n}', String(r.rows.filter((x) => x.vetoed).length)),
      periods: r.periods.map((p) => ({ value: p, selected: p === r.period })),
      charts,
      hasHistory: charts.trend.periods.length > 0,
      exportHref: `/assessment/units/export.xlsx${r.period ? `?period=${encodeURIComponent(r.period)}` : ''}`,
    });
  }

  @Get('units/:id/dossier')
  async unitDossier(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const d = await this.unitDossiers.view(actor, id);
    await this.shell.send(req, res, actor, 'assessment/unit-dossier', `${L.unitDossier} · ${d.unit.name}`, {
      L,
      unit: d.unit,
      entries: d.entries.map((e) => ({
        ...e,
        gradeText: pick(e.grade, lang),
        reasonTexts: e.reasons.map((t) => pick(t, lang)),
        warningLinks: e.redWarnings.map((w) => ({ href: `/warning/warnings/${w.id}`, text: `#${w.id} ${w.title}（${w.subjectLabel}，${pick(w.level, lang)}，${w.since}）` })),
      })),
    });
  }

  @Get('units/export.xlsx')
  async unitRankingExport(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const r = await this.units.ranking(actor, currentInstitutionOf(actor), periodOf(req));
    const title = lang === 'zh' ? `${r.parent.name}所属单位考核排名（${r.period ?? '—'}）` : `Unit ranking under ${r.parent.name} (${r.period ?? '—'})`;
    const buf = await unitRankingWorkbook(title, r.rows, lang, r.basis === 'unit-scheme');
    res
      .status(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="unit-ranking-${r.period ?? 'none'}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`)
      .send(buf);
  }
}
