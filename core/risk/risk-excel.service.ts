import { HttpStatus, Injectable } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../lazy-modules';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Lang, pick } from '../i18n/i18n';
import { DepartmentEntity, PersonEntity, PostEntity } from '../org/org.entities';
import { fromStored } from '../plugin-host/field-validation';
import { ExtensionFields, RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { safeCell } from '../spreadsheet/safe-cell';
import { readUploadedWorkbook } from '../spreadsheet/uploaded-workbook';
import { validateExtensions } from './risk-point-extensions';
import { RiskPointService } from './risk-point.service';
import { CreateRiskPointDto } from './risk.dto';
import { PowerEntity, RiskPointEntity, RiskPointPowerEntity } from './risk.entities';
import { gradeLabel, gradeOf, HARM_LABELS, LIKELIHOOD_LABELS, parseGrade, RiskSettings } from './risk.presets';

export type ExportKind = 'catalogue' | 'summary' | 'form1' | 'form2' | 'form3';

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_IMPORT_ROWS = 2000;

/** 002 附表1-3: person, department and institution identification-control forms, one column set each. */
const FORM_COLUMNS: Record<'form1' | 'form2' | 'form3', string[]> = {
  form1: ['姓名', '科室', '岗位', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置'],
  form2: ['科室', '科(室)责任人', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置'],
  form3: ['责任人姓名', '责任人职务', '风险类别', '风险点', '表现形式', '发生概率', '危害程度', '风险等级', '前期预防', '中期监控', '后期处置'],
};

const FORM_TITLES: Record<'form1' | 'form2' | 'form3', string> = {
  form1: '个人风险岗位廉能识别防控表',
  form2: '科(室)风险岗位廉能识别防控表',
  form3: '风险岗位廉能识别防控表',
};

const FORM_NOTE = '注：从岗位职责、业务流程、制度机制、外部环境等方面查找风险点；风险等级按发生机率大小、可能造成的危害程度评定（发生概率、危害程度填 1-3 或 低/中/高、一般/较重/严重）。';

type PointRow = RiskPointEntity & { powers: PowerEntity[] };

/** The catalogues as Excel: 《权力廉政风险等级目录》, 《廉政风险点汇总表》, 附表1-3; and the 附表1-3 import. */
@Injectable()
export class RiskExcelService {
  constructor(
    private readonly db: Db,
    private readonly ctx: RiskContext,
    private readonly points: RiskPointService,
  ) {}

  private async load(institutionId: number, filter: (r: RiskPointEntity) => boolean) {
    return this.db.read(async (m) => {
      const rows = (await m.getRepository(RiskPointEntity).find({ where: { institutionId }, order: { grade: 'ASC', riskIndex: 'DESC', id: 'ASC' } })).filter(filter);
      const links = await m.getRepository(RiskPointPowerEntity).createQueryBuilder('l').innerJoin(RiskPointEntity, 'r', 'r.id = l.point_id').where('r.institution_id = :i', { i: institutionId }).getMany();
      const powers = new Map((await m.getRepository(PowerEntity).findBy({ institutionId })).map((p) => [p.id, p]));
      const people = new Map((await m.getRepository(PersonEntity).findBy({ institutionId })).map((p) => [p.id, p]));
      const depts = new Map((await m.getRepository(DepartmentEntity).findBy({ institutionId })).map((d) => [d.id, d.name]));
      const posts = new Map((await m.getRepository(PostEntity).findBy({ institutionId })).map((p) => [p.id, p.name]));
      const points: PointRow[] = rows.map((r) => ({ ...r, powers: links.filter((l) => l.pointId === r.id).map((l) => powers.get(l.powerId)!).filter(Boolean) }));
      return { points, people, depts, posts };
    });
  }

  async export(actor: Actor, institutionId: number, kind: ExportKind, lang: Lang = 'zh'): Promise<{ buffer: Buffer; filename: string }> {
    const inst = await this.ctx.institution(institutionId);
    const s = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    const extCols = exts.flatMap((e) => e.fields.map((f) => ({ pluginId: e.pluginId, field: f })));
    const approvedOnly = kind === 'catalogue';
    const level = kind === 'form1' ? 'post' : kind === 'form2' ? 'department' : kind === 'form3' ? 'institution' : null;
    const { points, people, depts, posts } = await this.load(institutionId, (r) => (!approvedOnly || r.status !== 'identifying') && (!level || r.level === level));
    const person = (id: number | null) => (id ? (people.get(id)?.name ?? '') : '');
    const cat = (key: string) => pick(s.categories.find((c) => c.key === key)?.label, lang) || key;
    const grade = (g: number) => pick(gradeLabel(s, g), lang);
    const ext = (r: RiskPointEntity) => {
      const stored = JSON.parse(r.extensions || '{}') as Record<string, Record<string, unknown>>;
      return extCols.map((c) => {
        const v = fromStored([c.field], stored[c.pluginId] ?? {})[c.field.key];
        if (v === null || v === undefined) return '';
        if (c.field.type === 'enum') return pick(c.field.options?.find((o) => o.value === v)?.label, lang) || String(v);
        return Array.isArray(v) ? v.join('、') : (v as string | number);
      });
    };
    const extHeads = extCols.map((c) => pick(c.field.label, lang));
    let title: string;
    let header: string[];
    let rows: unknown[][];
    if (kind === 'catalogue') {
      title = `${inst.name}权力廉政风险等级目录`;
      header = ['序号', '职权编号', '职权名称', '风险点', '风险类别', '风险等级', '表现形式', '前期预防', '中期监控', '后期处置', '责任人', '监督人', ...extHeads];
      rows = points.map((r, i) => [i + 1, r.powers.map((p) => p.number).join('、'), r.powers.map((p) => p.name).join('、'), r.title, cat(r.category), grade(r.grade), r.manifestation, r.measuresPrevention, r.measuresMonitoring, r.measuresDisposal, person(r.responsiblePersonId), person(r.supervisorPersonId), ...ext(r)]);
    } else if (kind === 'summary') {
      title = `${inst.name}廉政风险点汇总表`;
      header = ['序号', '层级', '科室', '岗位', '风险点', '风险类别', '风险描述', '表现形式', '发生概率', '危害程度', '影响范围', '发生频度', '变化幅度', '分布情况', '持续时间', '风险等级', '风险指数', '责任人', '监督人', '状态', ...extHeads];
      const levelName: Record<string, string> = { post: '岗位', department: '科室', institution: '单位' };
      const statusName: Record<string, string> = { identifying: '查找中', approved: '已审定', published: '已公示' };
      rows = points.map((r, i) => [i + 1, levelName[r.level], r.departmentId ? depts.get(r.departmentId) : '', r.postId ? posts.get(r.postId) : '', r.title, cat(r.category), r.description, r.manifestation, r.likelihood, r.harm, r.scope, r.frequency, r.variability ?? '', r.distribution ?? '', r.duration ?? '', grade(r.grade), r.riskIndex, person(r.responsiblePersonId), person(r.supervisorPersonId), statusName[r.status], ...ext(r)]);
    } else {
      title = `${inst.name}${FORM_TITLES[kind]}`;
      header = [...FORM_COLUMNS[kind], ...extHeads];
      rows = points.map((r) => {
        const tail = [cat(r.category), r.title, r.manifestation, r.likelihood, r.harm, grade(r.grade), r.measuresPrevention, r.measuresMonitoring, r.measuresDisposal, ...ext(r)];
        const dept = r.departmentId ? (depts.get(r.departmentId) ?? '') : '';
        if (kind === 'form1') return [person(r.ownerPersonId), dept, r.postId ? posts.get(r.postId) : '', ...tail];
        if (kind === 'form2') return [dept, person(r.ownerPersonId), ...tail];
        const owner = r.ownerPersonId ? people.get(r.ownerPersonId) : undefined;
        return [owner?.name ?? '', owner?.title ?? '', ...tail];
      });
    }
    const wb = new (loadExcel().Workbook)();
    wb.creator = '廉政风险预警防控平台';
    const ws = wb.addWorksheet(title.slice(0, 31).replace(/[\\/?*[\]:]/g, ''));
    ws.addRow([safeCell(title)]);
    ws.mergeCells(1, 1, 1, header.length);
    ws.getRow(1).font = { bold: true, size: 16 };
    ws.getRow(1).alignment = { horizontal: 'center' };
    ws.addRow(header);
    ws.getRow(2).font = { bold: true };
    for (const r of rows) ws.addRow(r.map((v) => safeCell(v ?? '')));
    if (kind.startsWith('form')) ws.addRow([FORM_NOTE]);
    header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.max(8, Math.min(40, h.length * 2 + 4))));
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return { buffer, filename: `${title}.xlsx` };
  }

  /** All-or-nothing: every row is checked first and all problems come back by row and column; only then is anything written. */
  async import(actor: Actor, institutionId: number, file: { buffer: Buffer; size: number } | undefined): Promise<{ created: number; ids: number[]; form: string }> {
    await this.ctx.access.requireAccess(actor, institutionId, RISK_EDITOR_ROLES);
    if (!file?.buffer?.length) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    if (file.size > MAX_IMPORT_BYTES) throw new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'error.payload_too_large');
    const wb = await readUploadedWorkbook(file.buffer);
    if (!wb) throw importError([{ row: 0, column: '', message: '文件不是有效的 Excel（.xlsx）文件' }]);
    const ws = wb.worksheets[0];
    if (!ws) throw importError([{ row: 0, column: '', message: '工作簿中没有工作表' }]);
    const text = (v: ExcelJS.CellValue): string | { formula: true } => {
      if (v === null || v === undefined) return '';
      if (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v)) return { formula: true };
      if (typeof v === 'object' && v !== null && 'richText' in v) return v.richText.map((x) => x.text).join('').trim();
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return String(v).trim();
    };
    let headerRow = 0;
    for (let i = 1; i <= Math.min(ws.rowCount, 10); i++) {
      const values = (ws.getRow(i).values as ExcelJS.CellValue[]).map((v) => text(v));
      if (values.includes('风险点')) {
        headerRow = i;
        break;
      }
    }
    if (!headerRow) throw importError([{ row: 0, column: '风险点', message: '找不到表头行（须含“风险点”列，附表1-3 格式）' }]);
    const headers = new Map<string, number>();
    (ws.getRow(headerRow).values as ExcelJS.CellValue[]).forEach((v, i) => {
      const t = text(v);
      if (typeof t === 'string' && t) headers.set(t, i);
    });
    const form: 'form1' | 'form2' | 'form3' = headers.has('姓名') ? 'form1' : headers.has('科(室)责任人') ? 'form2' : headers.has('责任人姓名') ? 'form3' : 'form1';
    const required = FORM_COLUMNS[form].filter((h) => ['风险类别', '风险点', '发生概率', '危害程度', ...(form === 'form1' ? ['姓名'] : form === 'form2' ? ['科室'] : [])].includes(h));
    const missing = required.filter((h) => !headers.has(h));
    if (missing.length) throw importError(missing.map((h) => ({ row: headerRow, column: h, message: '缺少该列' })));

    const s = await this.ctx.settings(institutionId);
    const exts = await this.ctx.extensionFields(institutionId);
    const { people, depts } = await this.db.read(async (m) => ({
      people: await m.getRepository(PersonEntity).findBy({ institutionId }),
      depts: await m.getRepository(DepartmentEntity).findBy({ institutionId }),
    }));
    const problems: ImportProblem[] = [];
    const dtos: { row: number; dto: CreateRiskPointDto }[] = [];
    const lastRow = ws.rowCount;
    if (lastRow - headerRow > MAX_IMPORT_ROWS) throw importError([{ row: 0, column: '', message: `一次最多导入 ${MAX_IMPORT_ROWS} 行` }]);
    for (let i = headerRow + 1; i <= lastRow; i++) {
      const row = ws.getRow(i);
      const formulas = new Set<string>();
      const cell = (h: string): string => {
        const idx = headers.get(h);
        if (!idx) return '';
        const t = text(row.getCell(idx).value);
        if (typeof t !== 'string') {
          if (!formulas.has(h)) problems.push({ row: i, column: h, message: '单元格含公式，请填写数值或文字' });
          formulas.add(h);
          return '';
        }
        return t;
      };
      const all = [...headers.keys()].map((h) => cell(h));
      if (all.every((v) => !v)) continue;
      if (all[0]?.startsWith('注：') || all.some((v) => v.startsWith('注：') || v.startsWith('注:'))) continue;
      const bad = (column: string, message: string) => problems.push({ row: i, column, message });
      const title = cell('风险点');
      if (!title && !formulas.has('风险点')) bad('风险点', '不能为空');
      else if (title.length > 200) bad('风险点', '不能超过 200 个字符');
      const catText = cell('风险类别').replace(/风险$/, '');
      const category = s.categories.find((c) => c.label.zh === catText || c.key === catText || c.label.en === catText);
      if (!category) bad('风险类别', `须为 ${s.categories.map((c) => c.label.zh).join('/')} 之一`);
      const level3 = (column: string, labels: Record<number, { zh: string; en: string }>) => {
        const v = cell(column);
        const n = /^[123]$/.test(v) ? Number(v) : Number(Object.entries(labels).find(([, l]) => l.zh === v)?.[0] ?? NaN);
        if (!n) bad(column, `须为 1-3 或 ${Object.values(labels).map((l) => l.zh).join('/')}`);
        return n || 0;
      };
      const likelihood = level3('发生概率', LIKELIHOOD_LABELS);
      const harm = level3('危害程度', HARM_LABELS);
      const gradeText = cell('风险等级');
      if (gradeText && likelihood && harm) {
        const given = parseGrade(gradeText);
        const computed = gradeOf(s, likelihood, harm);
        if (!given) bad('风险等级', '无法识别（应为 A/B/C 或 一级/二级/三级）');
        else if (given !== computed) bad('风险等级', `与发生概率×危害程度不符，应为${pick(gradeLabel(s, computed), 'zh')}`);
      }
      for (const [col, max] of [['表现形式', 4000], ['前期预防', 4000], ['中期监控', 4000], ['后期处置', 4000]] as const) {
        if (cell(col).length > max) bad(col, `不能超过 ${max} 个字符`);
      }
      let ownerPersonId: number | undefined;
      let departmentId: number | undefined;
      if (form === 'form1') {
        const name = cell('姓名');
        const deptName = cell('科室');
        const matches = people.filter((p) => p.name === name && (!deptName || depts.find((d) => d.id === p.departmentId)?.name === deptName));
        if (!name) bad('姓名', '不能为空');
        else if (!matches.length) bad('姓名', `本单位没有${deptName ? `“${deptName}”的` : ''}人员“${name}”`);
        else if (matches.length > 1) bad('姓名', `本单位有多名“${name}”，请填写科室区分`);
        else if (!matches[0].postId) bad('岗位', `“${name}”没有登记岗位`);
        else ownerPersonId = matches[0].id;
      } else if (form === 'form2') {
        const deptName = cell('科室');
        const d = depts.find((x) => x.name === deptName);
        if (!d) bad('科室', deptName ? `本单位没有科室“${deptName}”` : '不能为空');
        else departmentId = d.id;
        const headName = cell('科(室)责任人');
        if (headName) {
          const hp = people.filter((p) => p.name === headName);
          if (hp.length === 1) ownerPersonId = hp[0].id;
          else bad('科(室)责任人', hp.length ? `本单位有多名“${headName}”` : `本单位没有人员“${headName}”`);
        }
      } else {
        const headName = cell('责任人姓名');
        if (headName) {
          const hp = people.filter((p) => p.name === headName);
          if (hp.length === 1) ownerPersonId = hp[0].id;
          else bad('责任人姓名', hp.length ? `本单位有多名“${headName}”` : `本单位没有人员“${headName}”`);
        }
      }
      const extInput = this.extensionsFromRow(exts, cell);
      const checked = validateExtensions(exts, extInput.values);
      for (const p of extInput.problems) bad(p.column, p.message);
      for (const p of checked.problems) bad(exts.flatMap((e) => e.fields.map((f) => ({ k: `extensions.${e.pluginId}.${f.key}`, l: f.label.zh }))).find((x) => x.k === p.field)?.l ?? p.field, '取值无效');
      if (category && likelihood && harm && title) {
        dtos.push({
          row: i,
          dto: Object.assign(new CreateRiskPointDto(), {
            level: form === 'form1' ? 'post' : form === 'form2' ? 'department' : 'institution',
            title,
            category: category.key,
            manifestation: cell('表现形式'),
            likelihood,
            harm,
            measuresPrevention: cell('前期预防'),
            measuresMonitoring: cell('中期监控'),
            measuresDisposal: cell('后期处置'),
            ownerPersonId,
            departmentId,
            extensions: extInput.values,
          }),
        });
      }
    }
    if (problems.length) throw importError(problems);
    if (!dtos.length) throw importError([{ row: headerRow + 1, column: '风险点', message: '没有可导入的数据行' }]);
    const ids = await this.db.write(async (m) => {
      const out: number[] = [];
      for (const { dto } of dtos) out.push(await this.points.create(actor, institutionId, dto, { m, source: 'excel-import' }));
      return out;
    });
    return { created: ids.length, ids, form };
  }

  /** Extension columns are headed by the field's Chinese label; enum cells may hold the label or the value. */
  private extensionsFromRow(exts: ExtensionFields[], cell: (h: string) => string): { values: Record<string, Record<string, unknown>>; problems: ImportProblem[] } {
    const values: Record<string, Record<string, unknown>> = {};
    const problems: ImportProblem[] = [];
    for (const e of exts) {
      for (const f of e.fields) {
        const raw = cell(f.label.zh);
        if (!raw) continue;
        let v: unknown = raw;
        if (f.type === 'enum') v = f.options?.find((o) => o.label.zh === raw || o.value === raw)?.value ?? raw;
        else if (['integer', 'money', 'decimal'].includes(f.type)) {
          v = Number(raw);
          if (Number.isNaN(v)) problems.push({ row: 0, column: f.label.zh, message: '须为数字' });
        } else if (f.type === 'boolean') v = ['是', 'true', '1'].includes(raw);
        values[e.pluginId] ??= {};
        values[e.pluginId][f.key] = v;
      }
    }
    return { values, problems };
  }
}

/** A rejected import; `rows` keeps each problem's row and column for the API and the screen. */
export class ImportRejected extends AppError {
  constructor(readonly rows: ImportProblem[]) {
    super(HttpStatus.BAD_REQUEST, 'error.risk_import', {}, rows.map((p) => ({ field: `第${p.row}行·${p.column}`, key: 'validation.custom', params: { message: { zh: p.message, en: p.message } } })));
  }
}

function importError(problems: ImportProblem[]): ImportRejected {
  return new ImportRejected(problems);
}
