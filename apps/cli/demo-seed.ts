import { UsersService } from '../../core/auth/users.service';
import { Clock } from '../../core/clock/clock';
import { PluginHost } from '../../core/plugin-host/plugin-host';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { Db } from '../../core/db/db';
import { DepartmentEntity, InstitutionEntity, PersonEntity, PostEntity } from '../../core/org/org.entities';
import type { EntityManager } from 'typeorm';
import type { DemoPersonSeed, InstitutionType, Role } from '../../core/plugin-api';

/** Every demo account shares this password; demo mode only (README lists them). */
export const DEMO_PASSWORD = 'demo2026';

interface DemoPerson extends Omit<DemoPersonSeed, 'account'> {
  username: string;
  institution: string;
  role: Role;
  includeDescendants?: boolean;
}

// Invented names only: never the people named in the seed documents.
const DEPARTMENTS: Record<string, string[]> = {
  'county-hospital': ['院办公室', '药剂科', '设备科', '财务科', '总务科', '纪检监察室'],
  'county-tax-bureau': ['征收管理股', '税源管理股', '税务稽查局', '纪检组'],
  'district-cdc': ['结核病防治科', '办公室'],
  'district-tb-hospital': ['结核科', '医务科'],
  'dongxi-township-hc': ['公共卫生科'],
  'nanshan-township-hc': ['公共卫生科'],
  'qingshi-village': ['村党支部', '村民委员会', '住村工作组', '村警务室'],
  'dongxi-township': ['镇纪委'],
  'demo-county': ['党风政风监督室', '委领导'],
};

export const DEMO_PEOPLE: DemoPerson[] = [
  { username: 'hosp-jijian', name: '林清', institution: 'county-hospital', department: '纪检监察室', post: '纪检监察员', role: 'discipline-officer' },
  { username: 'hosp-head', name: '周明远', institution: 'county-hospital', department: '院办公室', post: '院长', role: 'head' },
  { username: 'hosp-deputy', name: '吴海波', institution: 'county-hospital', department: '院办公室', post: '分管副院长', role: 'deputy-in-charge' },
  { username: 'hosp-pharmacy-head', name: '郑晓岚', institution: 'county-hospital', department: '药剂科', post: '药剂科主任', role: 'department-head' },
  { username: 'hosp-buyer', name: '陈思远', institution: 'county-hospital', department: '药剂科', post: '药品采购员', role: 'staff', postSince: '2019-03-01' },
  { username: 'hosp-pharmacist', name: '赵雨桐', institution: 'county-hospital', department: '药剂科', post: '药库管理员', role: 'staff' },
  { username: 'tax-jijian', name: '何静', institution: 'county-tax-bureau', department: '纪检组', post: '纪检组长', role: 'discipline-officer' },
  { username: 'tax-officer', name: '刘振华', institution: 'county-tax-bureau', department: '税源管理股', post: '税收管理员', role: 'staff' },
  { username: 'cdc-tb', name: '杨帆', institution: 'district-cdc', department: '结核病防治科', post: '结防科科长', role: 'department-head', includeDescendants: true },
  { username: 'tbh-doctor', name: '马丽', institution: 'district-tb-hospital', department: '结核科', post: '结核科医生', role: 'staff' },
  { username: 'dongxi-doctor', name: '孙建国', institution: 'dongxi-township-hc', department: '公共卫生科', post: '结核病防治医生', role: 'staff' },
  { username: 'taoyuan-doctor', name: '钱玉梅', institution: 'taoyuan-village-clinic', post: '乡村医生', role: 'staff' },
  { username: 'village-secretary', name: '黄立新', institution: 'qingshi-village', department: '村党支部', post: '村党支部书记', role: 'head' },
  { username: 'village-team-leader', name: '高文斌', institution: 'qingshi-village', department: '住村工作组', post: '工作组组长', role: 'deputy-in-charge' },
  { username: 'village-jijian', name: '冯敏', institution: 'qingshi-village', department: '村党支部', post: '纪检委员', role: 'discipline-officer' },
  // Sees 青石村 and 水口村 through the township-wide role.
  { username: 'township-jijian', name: '严可欣', institution: 'dongxi-township', department: '镇纪委', post: '镇纪委副书记', role: 'discipline-officer', includeDescendants: true },
  // The county commission over the hospital, the tax bureau and 东溪镇 with its villages (issue #22).
  { username: 'county-jijian', name: '韩立群', institution: 'demo-county', department: '党风政风监督室', post: '县纪委监委干部', role: 'discipline-officer', includeDescendants: true },
  { username: 'county-secretary', name: '梁正平', institution: 'demo-county', department: '委领导', post: '县纪委书记', role: 'head', includeDescendants: true },
  { username: 'county-leader', name: '邓启航', institution: 'demo-county', department: '委领导', post: '县纪委分管副书记', role: 'deputy-in-charge', includeDescendants: true },
];

/** Seeds departments, posts, people and accounts once, into an empty database. */
export async function seedDemo(db: Db, users: UsersService): Promise<boolean> {
  if ((await users.count()) > 0) return false;
  const institutions = await db.read((m) => m.getRepository(InstitutionEntity).find());
  const instId = (code: string) => {
    const i = institutions.find((x) => x.code === code);
    if (!i) throw new Error(`demo seed: institution ${code} is not configured`);
    return i.id;
  };
  const personIds = new Map<string, number>();
  await db.write(async (m) => {
    for (const [code, names] of Object.entries(DEPARTMENTS)) for (const name of names) await departmentId(m, instId(code), name);
    for (const p of DEMO_PEOPLE) personIds.set(p.username, await insertPerson(m, instId(p.institution), p));
  });
  await users.create({ username: 'admin', displayName: '系统管理员', password: DEMO_PASSWORD, isSystemAdmin: true }, 'system:demo-seed');
  for (const p of DEMO_PEOPLE) {
    await users.create(
      { username: p.username, displayName: p.name, password: DEMO_PASSWORD, personId: personIds.get(p.username), roles: [{ institutionId: instId(p.institution), role: p.role, includeDescendants: p.includeDescendants }] },
      'system:demo-seed',
    );
  }
  return true;
}

/** The institution's department of that name, made when new. */
async function departmentId(m: EntityManager, institutionId: number, name: string): Promise<number> {
  const repo = m.getRepository(DepartmentEntity);
  const found = await repo.findOneBy({ institutionId, name });
  if (found) return found.id;
  const row = repo.create({ institutionId, name, code: '' });
  await repo.insert(row);
  return row.id;
}

/** A person on a post (made for them) in a department (made when new); returns the person's id. */
async function insertPerson(m: EntityManager, institutionId: number, p: DemoPersonSeed): Promise<number> {
  const deptId = p.department ? await departmentId(m, institutionId, p.department) : null;
  const post = m.getRepository(PostEntity).create({ institutionId, departmentId: deptId, name: p.post ?? '' });
  await m.getRepository(PostEntity).insert(post);
  const person = m.getRepository(PersonEntity).create({ institutionId, departmentId: deptId, postId: post.id, name: p.name, title: p.post ?? '', postSince: p.postSince ?? null });
  await m.getRepository(PersonEntity).insert(person);
  return person.id;
}

export function demoAccountsTable(): string {
  const rows = [['admin', '系统管理员', '全部单位 / all institutions', 'system-admin'], ...DEMO_PEOPLE.map((p) => [p.username, p.name, p.institution, p.role])];
  return rows.map((r) => `  ${r[0].padEnd(22)} ${r[1].padEnd(8)} ${r[3].padEnd(20)} ${r[2]}`).join('\n');
}

export interface PluginSeedServices {
  db: Db;
  /** For plugins' demo accounts (`createPerson` with `account`). */
  users?: UsersService;
  host: PluginHost;
  records: RecordsService;
  rules: RulesService;
  clock: Clock;
}

/** Runs every enabled plugin's demoSeed hook per institution, then one rule scan there. Returns records created. */
export async function seedPluginDemos(s: PluginSeedServices): Promise<number> {
  const institutions = await s.db.read((m) => m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } }));
  let created = 0;
  for (const inst of institutions) {
    const seeding = s.host.enabledFor(inst.code).filter((e) => e.plugin.demoSeed);
    for (const { plugin, options } of seeding) {
      await plugin.demoSeed!({
        institutionId: inst.id,
        institutionCode: inst.code,
        institutionType: inst.type as InstitutionType,
        options,
        today: s.clock.today(),
        createRecord: async (recordType, values) => {
          created++;
          return s.records.create(null, inst.id, plugin.id, recordType, values, { skipRules: true });
        },
        createPerson: async (p) => {
          const personId = await s.db.write((m) => insertPerson(m, inst.id, p));
          if (p.account) {
            if (!s.users) throw new Error(`demo seed of plugin ${plugin.id}: accounts need UsersService`);
            const { username, role, includeDescendants } = p.account;
            await s.users.create({ username, displayName: p.name, password: DEMO_PASSWORD, personId, roles: [{ institutionId: inst.id, role, includeDescendants }] }, `system:demo-seed:${plugin.id}`);
          }
          return { personId };
        },
      });
    }
    if (seeding.length) await s.rules.scan(inst.id);
  }
  return created;
}
