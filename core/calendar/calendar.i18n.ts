import { registerMessages } from '../i18n/i18n';
import { chineseDate, type LocalizedText } from '../plugin-api';
import { SOURCE_LABELS, type YearSource } from './calendar-notice';

registerMessages({
  'calendar.todo_group': { zh: '系统管理', en: 'Administration' },
  'calendar.todo_missing': { zh: '{year}年国务院节假日安排通知尚未录入，期限按法定节假日推算', en: 'The State Council holiday notice for {year} is not entered yet: deadlines count the statutory holidays' },
});

/** Fixed texts of the holiday calendar screens, read with labelsIn. */
export const CALENDAR_LABELS = {
  title: { zh: '节假日安排', en: 'Holiday calendar' },
  intro: {
    zh: '期限按工作日计算时，以国务院办公厅每年发布的节假日安排通知为准。未录入通知的年份按法定节假日推算（元旦、春节、清明、劳动节、端午、中秋、国庆），相关期限标注“按法定节假日推算，待国务院通知发布后复核”。录入通知后立即生效，未到期的答复期限随之重新计算。',
    en: 'Working-day deadlines follow the State Council notice published each year. A year without one counts the statutory holidays computed from the law, and its deadlines are marked for review. An entered notice applies at once and running answer periods are recounted.',
  },
  year: { zh: '年份', en: 'Year' },
  source: { zh: '依据', en: 'Source' },
  enteredBy: { zh: '录入人', en: 'Entered by' },
  enteredAt: { zh: '录入时间', en: 'Entered at' },
  open: { zh: '查看 / 录入', en: 'View / enter' },
  backToList: { zh: '返回节假日安排', en: 'Back to the calendar' },
  missing: { zh: '{year}年国务院节假日安排通知尚未录入：跨入该年的期限按法定节假日推算，通知发布后请及时录入。', en: 'The State Council holiday notice for {year} is not entered: deadlines reaching into it count the statutory holidays. Enter it once published.' },
  enterMissing: { zh: '录入{year}年通知', en: 'Enter the {year} notice' },
  daysOff: { zh: '放假安排', en: 'Days off' },
  makeUpDays: { zh: '调休上班日', en: 'Make-up working days' },
  none: { zh: '无', en: 'None' },
  days: { zh: '{n}天', en: '{n} days' },
  enterTitle: { zh: '录入国务院通知', en: 'Enter the State Council notice' },
  enterHelp: {
    zh: '按通知逐项填写放假（名称、起止日期，单日可不填“至”）和调休上班日（只能是周六或周日）。空行不保存。保存后替换本年原有安排。',
    en: 'Fill in each holiday (name, from, to; leave "to" empty for one day) and each make-up working day (a Saturday or Sunday). Empty rows are ignored. Saving replaces the year’s days.',
  },
  holidays: { zh: '放假', en: 'Holidays' },
  holidayName: { zh: '名称', en: 'Name' },
  from: { zh: '自', en: 'From' },
  to: { zh: '至', en: 'To' },
  workdays: { zh: '调休上班日', en: 'Make-up working days' },
  workday: { zh: '日期', en: 'Date' },
  save: { zh: '保存通知', en: 'Save the notice' },
  saveConfirm: { zh: '保存后立即生效，未到期的答复期限将按新安排重新计算。确定保存？', en: 'The notice applies at once and running answer periods are recounted. Save?' },
  saved: { zh: '已保存并立即生效；未到期的答复期限已按新安排重新计算。', en: 'Saved and in force; running answer periods were recounted on it.' },
  importTitle: { zh: '导入 YAML', en: 'Import YAML' },
  importHelp: { zh: '粘贴与 config/calendar/<年份>.yaml 相同格式的内容（year、holidays、workdays），校验规则与启动时加载文件相同。', en: 'Paste the same YAML as config/calendar/<year>.yaml (year, holidays, workdays); it is checked exactly as the files are at start-up.' },
  yaml: { zh: 'YAML 内容', en: 'YAML' },
  importButton: { zh: '导入', en: 'Import' },
  uploadFile: { zh: '或上传 YAML 文件', en: 'Or upload a YAML file' },
  uploadButton: { zh: '上传并导入', en: 'Upload and import' },
  weekday: { zh: '星期', en: 'Weekday' },
};

export const sourceLabel = (s: YearSource): LocalizedText => SOURCE_LABELS[s];

const WEEKDAYS: LocalizedText[] = ['日', '一', '二', '三', '四', '五', '六'].map((zh, i) => ({ zh: `星期${zh}`, en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][i] }));

/** A date for the screen: 2027年1月1日（星期五） or 2027-01-01 (Fri). */
export function dayText(date: string, lang: 'zh' | 'en'): string {
  const w = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()][lang];
  return lang === 'en' ? `${date} (${w})` : `${chineseDate(date)}（${w}）`;
}
