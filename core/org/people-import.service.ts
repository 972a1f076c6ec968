import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AppError, FieldProblem } from '../http/app-error';
import { loadExcel } from '../lazy-modules';
import type { LocalizedText } from '../plugin-api';
import { cellValue, headerKey, parseDay, RawCell } from '../records/record-import-parse';
import { FieldCipher } from '../records/field-cipher';
import { readUploadedWorkbook } from '../spreadsheet/uploaded-workbook';
import { DepartmentEntity, PersonEntity, PostEntity } from './org.entities';
import { IMPORT_PROBLEMS as P } from './org.i18n';
import { OrgService } from './org.service';
import { PeopleService } from './people.service';
import { EMAIL_PATTERN, PHONE_PATTERN, sealContact } from './person-contact';

/** The sheet's columns in template order; the heading is the Chinese name, a few usual variants are read too. */
export const PEOPLE_COLUMNS = [
  { key: 'department', heading: '部门', aliases: ['科室', '股室', '部门名称'] },
  { key: 'post', heading: '岗位', aliases: ['岗位名称'] },
  { key: 'name', heading: '姓名', aliases: [] },
  { key: 'title', heading: '职务', aliases: [] },
  { key: 'postSince', heading: '任职时间', aliases: ['任职日期'] },
  { key: 'phone', heading: '手机', aliases: ['手机号', '手机号码'] },
  { key: 'email', heading: '邮箱', aliases: ['电子邮箱', '电子邮件'] },
] as const;
type ColumnKey = (typeof PEOPLE_COLUMNS)[number]['key'];

export const IMPORT_MAX_PEOPLE = 2000;
const MAX = { name: 100, title: 100, email: 254 };
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_LISTED = 200;

/** A refused import: every problem names its row and column; nothing was written. */
export class PeopleImportRejected extends AppError {
  constructor(problems: FieldProblem[], total = problems.length) {
    super(HttpStatus.BAD_REQUEST, 'org.import_rejected', { count: total }, problems);
  }
}

interface SheetRow {
  row: number;
  cells: Partial<Record<ColumnKey, RawCell>>;
}

/** People from an Excel sheet into one institution, all or nothing; the template to fill. */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly people: PeopleService,
    private readonly cipher: FieldCipher,
  ) {}

  /** An empty sheet with the heading row, the first row the import reads. */
  async template(): Promise<Buffer> {
    const wb = new (loadExcel().Workbook)();
    wb.creator = '廉政风险预警防控平台';
    const ws = wb.addWorksheet('人员');
    ws.columns = PEOPLE_COLUMNS.map((c) => ({ header: c.heading, key: c.key, width: c.key === 'email' ? 28 : 16 }));
    ws.getRow(1).font = { bold: true };
    // Phones and dates typed as text keep their leading digits and format.
    for (const key of ['phone', 'postSince'] as const) ws.getColumn(key).numFmt = '@';
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async import(actor: Actor, institutionId: number, file: { buffer: Buffer; originalname: string } | undefined): Promise<{ imported: number }> {
    await this.org.manageable(actor, institutionId);
    if (!file?.buffer?.length) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    const rows = await this.sheet(file.buffer);
    const today = this.people.today();
    return this.db.write(async (m) => {
      const depts = await m.getRepository(DepartmentEntity).find({ where: { institutionId }, order: { id: 'ASC' } });
      const posts = await m.getRepository(PostEntity).find({ where: { institutionId }, order: { id: 'ASC' } });
      const onFile = new Set((await m.getRepository(PersonEntity).findBy({ institutionId })).map((p) => `${p.departmentId ?? ''}|${p.name}`));
      const problems: FieldProblem[] = [];
      const firstRowOf = new Map<string, number>();
      const made: Omit<PersonEntity, 'id'>[] = [];
      for (const r of rows) {
        const bad = (key: ColumnKey, message: LocalizedText) => problems.push({ field: heading(key), key: 'org.import.cell', params: { row: r.row, message } });
        const text = (key: ColumnKey) => cellText(r.cells[key]);
        const name = text('name');
        const title = text('title');
        if (!name) bad('name', P.required);
        else if (name.length > MAX.name) bad('name', P.tooLong(MAX.name));
        else if (CONTROL.test(name)) bad('name', P.controlChars);
        if (title.length > MAX.title) bad('title', P.tooLong(MAX.title));
        else if (CONTROL.test(title)) bad('title', P.controlChars);
        const deptName = text('department');
        const dept = deptName ? depts.find((d) => d.name === deptName) : undefined;
        if (deptName && !dept) bad('department', P.unknownDepartment(deptName));
        const postName = text('post');
        const post = postName && (dept || !deptName) ? posts.find((p) => p.name === postName && p.departmentId === (dept?.id ?? null)) : undefined;
        if (postName && (dept || !deptName) && !post) bad('post', P.unknownPost(postName, dept?.name ?? null));
        const since = r.cells.postSince === undefined || r.cells.postSince === null || text('postSince') === '' ? null : parseDay(r.cells.postSince);
        if (since === null && text('postSince')) bad('postSince', P.date(text('postSince')));
        else if (since && since > today) bad('postSince', P.futureDate(today));
        const phone = text('phone').replace(/[\s-]/g, '');
        if (phone && !PHONE_PATTERN.test(phone)) bad('phone', P.phone(text('phone')));
        const email = text('email');
        if (email && (email.length > MAX.email || !EMAIL_PATTERN.test(email))) bad('email', P.email(email.slice(0, 60)));
        if (name && (dept || !deptName)) {
          const key = `${dept?.id ?? ''}|${name}`;
          const first = firstRowOf.get(key);
          if (first) bad('name', P.duplicate(first));
          else if (onFile.has(key)) bad('name', P.exists(name));
          firstRowOf.set(key, first ?? r.row);
        }
        made.push({ institutionId, departmentId: dept?.id ?? null, postId: post?.id ?? null, name, title, postSince: since, phone: sealContact(this.cipher, 'phone', phone || null), email: sealContact(this.cipher, 'email', email || null) });
      }
      // A file wrong throughout names its first errors and counts the rest, rather than listing thousands.
      if (problems.length > MAX_LISTED) throw new PeopleImportRejected([...problems.slice(0, MAX_LISTED), { field: 'file', key: 'org.import.more', params: { count: problems.length - MAX_LISTED } }], problems.length);
      if (problems.length) throw new PeopleImportRejected(problems);
      for (const p of made) await m.getRepository(PersonEntity).insert(m.getRepository(PersonEntity).create(p));
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'people.import', objectType: 'institution', objectId: institutionId, detail: { file: file.originalname.slice(0, 200), sha256, people: made.length } });
      return { imported: made.length };
    });
  }

  /** The data rows under the heading row (one of the first 3: an export's title row may stand above it); sheet problems refuse the file. */
  private async sheet(buffer: Buffer): Promise<SheetRow[]> {
    const fileProblem = (message: LocalizedText) => new PeopleImportRejected([{ field: 'file', key: 'org.import.file', params: { message } }]);
    const wb = await readUploadedWorkbook(buffer, { rows: IMPORT_MAX_PEOPLE + 10, cells: (IMPORT_MAX_PEOPLE + 10) * 20 });
    const ws = wb?.worksheets[0];
    if (!ws) throw fileProblem(P.notWorkbook);
    const read: { row: number; cells: RawCell[] }[] = [];
    ws.eachRow((r, n) => read.push({ row: n, cells: (r.values as unknown[]).slice(1).map(cellValue) }));
    const head = read.slice(0, 3).find((r) => r.cells.some((c) => headerKey(cellText(c)) === '姓名'));
    if (!head) throw fileProblem(P.noNameColumn);
    const columns: (ColumnKey | null)[] = [];
    const problems: FieldProblem[] = [];
    head.cells.forEach((c, i) => {
      const h = headerKey(cellText(c));
      const col = h ? PEOPLE_COLUMNS.find((x) => [x.heading, ...x.aliases].some((a) => headerKey(a) === h)) : undefined;
      if (h && !col) problems.push({ field: cellText(c).slice(0, 40), key: 'org.import.row', params: { row: head.row, message: P.unknownColumn(cellText(c).slice(0, 40)) } });
      else if (col && columns.includes(col.key)) problems.push({ field: col.heading, key: 'org.import.row', params: { row: head.row, message: P.repeatedColumn(col.heading) } });
      columns[i] = col?.key ?? null;
    });
    if (problems.length) throw new PeopleImportRejected(problems);
    const rows = read
      .filter((r) => r.row > head.row && r.cells.some((c) => cellText(c) !== ''))
      .map((r) => ({ row: r.row, cells: Object.fromEntries(columns.flatMap((k, i) => (k ? [[k, r.cells[i] ?? null]] : []))) as SheetRow['cells'] }));
    if (!rows.length) throw fileProblem(P.noRows);
    if (rows.length > IMPORT_MAX_PEOPLE) throw fileProblem(P.tooManyRows(IMPORT_MAX_PEOPLE));
    return rows;
  }
}

const heading = (key: ColumnKey) => PEOPLE_COLUMNS.find((c) => c.key === key)!.heading;

/** A cell as trimmed text: numbers as written (a phone typed as a number), dates as ISO days. */
function cellText(c: RawCell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  return String(c).trim();
}

