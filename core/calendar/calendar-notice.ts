import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { LocalizedText } from '../plugin-api';
import { addDays, CalendarError, CalendarYear, IsoDate, isValidIsoDate, isWeekend, WorkingCalendar } from './working-days';

/** Where a year's days off come from, strongest first: a notice entered on the screen, a shipped file, the law's computation. */
export type YearSource = 'notice' | 'file' | 'estimate';

export const SOURCE_LABELS: Record<YearSource, LocalizedText> = {
  notice: { zh: '已录入国务院通知', en: 'State Council notice entered' },
  file: { zh: '随平台发布的通知文件', en: 'Notice file shipped with the platform' },
  estimate: { zh: '按法定节假日推算', en: 'Statutory holidays computed from the law' },
};

/** A State Council holiday notice as the YAML files and the screen give it. */
export interface NoticeInput {
  year: number;
  holidays: { name: string; from: IsoDate; to: IsoDate }[];
  workdays: { date: IsoDate; for?: string }[];
}

/** Checks a notice (parsed YAML or the screen's rows) and expands it to days; the first problem names its field. */
export function noticeYear(source: string, raw: unknown, expectedYear?: number): { year: CalendarYear; notice: NoticeInput } {
  const fail = (field: string, zh: string, en: string): never => {
    throw new CalendarError(source, field, { zh, en });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(file)', '须为包含 year、holidays、workdays 的映射', 'must be a mapping with year, holidays, workdays');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!['year', 'holidays', 'workdays'].includes(key)) fail(key, '未知字段（允许：year、holidays、workdays）', 'unknown field (allowed: year, holidays, workdays)');
  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) fail('year', `须为年份，如 2026，实为 ${JSON.stringify(year)}`, `must be a year such as 2026, got ${JSON.stringify(year)}`);
  const y = year as number;
  if (expectedYear !== undefined && expectedYear !== y) fail('year', `须等于${source.endsWith('.yaml') || source.endsWith('.yml') ? '文件名' : '所录年份'}“${expectedYear}”`, `must equal the ${source.endsWith('.yaml') || source.endsWith('.yml') ? 'file name' : 'year entered'} "${expectedYear}"`);
  const out: CalendarYear = { year: y, holidays: new Set(), workdays: new Set(), names: new Map() };
  const notice: NoticeInput = { year: y, holidays: [], workdays: [] };
  const inYear = (field: string, v: unknown): IsoDate => {
    if (!isValidIsoDate(v)) fail(field, `须为日期 YYYY-MM-DD，实为 ${JSON.stringify(v)}`, `must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    const d = v as IsoDate;
    if (!d.startsWith(`${y}-`)) fail(field, `${d} 不在 ${y} 年内`, `${d} is not in ${y}`);
    return d;
  };
  const list = (field: string): Record<string, unknown>[] => {
    const v = obj[field] ?? [];
    if (!Array.isArray(v)) fail(field, '须为列表', 'must be a list');
    (v as unknown[]).forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(`${field}[${i}]`, '须为映射', 'must be a mapping');
    });
    return v as Record<string, unknown>[];
  };
  list('holidays').forEach((h, i) => {
    const name = h.name;
    if (typeof name !== 'string' || !name.trim()) fail(`holidays[${i}].name`, '必填', 'is required');
    const from = inYear(`holidays[${i}].from`, h.from);
    const to = inYear(`holidays[${i}].to`, h.to ?? h.from);
    if (to < from) fail(`holidays[${i}].to`, `${to} 早于开始日期 ${from}`, `${to} is before from ${from}`);
    for (let d = from; d <= to; d = addDays(d, 1)) {
      out.holidays.add(d);
      out.names.set(d, (name as string).trim());
    }
    notice.holidays.push({ name: (name as string).trim(), from, to });
  });
  list('workdays').forEach((w, i) => {
    const date = inYear(`workdays[${i}].date`, w.date);
    if (out.holidays.has(date)) fail(`workdays[${i}].date`, `${date} 同时列为放假日`, `${date} is also listed as a holiday`);
    if (!isWeekend(date)) fail(`workdays[${i}].date`, `${date} 是工作日（周一至周五），只有周末才能调休上班`, `${date} is a weekday; only weekend days can be make-up working days`);
    if (out.workdays.has(date)) fail(`workdays[${i}].date`, `${date} 重复列出`, `${date} is listed twice`);
    out.workdays.add(date);
    notice.workdays.push(typeof w.for === 'string' && w.for.trim() ? { date, for: w.for.trim() } : { date });
  });
  return { year: out, notice };
}

/** Reads one notice YAML text; `file` (its name `<year>.yaml`) fixes the year when it is a file. */
export function parseNoticeYaml(source: string, text: string, expectedYear?: number): { year: CalendarYear; notice: NoticeInput } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new CalendarError(source, '(file)', { zh: `不是有效的 YAML：${first}`, en: `is not valid YAML: ${first}` });
  }
  return noticeYear(source, raw, expectedYear);
}

/** A `<year>.yaml` file: its year must equal its name. */
export function parseCalendarYaml(file: string, text: string): CalendarYear {
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (!/^\d{4}$/.test(expected)) throw new CalendarError(file, 'year', { zh: `须等于文件名“${expected}”`, en: `must equal the file name "${expected}"` });
  return parseNoticeYaml(file, text, Number(expected)).year;
}

/** Reads every `<year>.yaml` in a folder; a missing folder or a duplicate year is an error. */
export function loadCalendarDir(dir: string): CalendarYear[] {
  if (!fs.existsSync(dir)) throw new CalendarError(dir, '(folder)', { zh: '不存在；至少须有当年的文件（如 2026.yaml）', en: 'does not exist; ship at least the current year (e.g. 2026.yaml)' });
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (!files.length) throw new CalendarError(dir, '(folder)', { zh: '没有 <year>.yaml 文件', en: 'contains no <year>.yaml file' });
  return files.map((f) => parseCalendarYaml(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** The shipped calendar folder (config/calendar), from both ts-node/jest and dist/ layouts. */
export function shippedCalendarDir(): string {
  const root = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
  return path.join(root, 'config', 'calendar');
}

/** `<configDir>/calendar` when the deployment has one, else the calendar shipped with the platform. */
export function calendarDirOf(configDir: string): string {
  const own = path.join(configDir, 'calendar');
  return fs.existsSync(own) ? own : shippedCalendarDir();
}

export function loadWorkingCalendar(configDir: string): WorkingCalendar {
  return new WorkingCalendar(loadCalendarDir(calendarDirOf(configDir)));
}
