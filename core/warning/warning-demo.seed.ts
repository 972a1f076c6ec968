import type { INestApplicationContext } from '@nestjs/common';
import { Not } from 'typeorm';
import type { Actor } from '../auth/actor';
import { UserEntity } from '../auth/auth.entities';
import { Db } from '../db/db';
import { AccessService } from '../org/access.service';
import { InstitutionEntity, PersonEntity } from '../org/org.entities';
import { ClueService } from './clue.service';
import { TipoffService } from './tipoff.service';
import { WarningConfigService } from './warning-config.service';
import { WarningNoticeService } from './warning-notice.service';
import { WarningClueEntity } from './warning.entities';

/**
 * Demo clues and warnings for one institution (invented people and events), made through the services so
 * every row is audited like real work. Runs once: it does nothing when the institution already has clues.
 */
export async function seedWarningDemo(app: INestApplicationContext, opts: { institutionCode?: string; adminUsername?: string } = {}): Promise<boolean> {
  const code = opts.institutionCode ?? 'county-hospital';
  const db = app.get(Db);
  const clues = app.get(ClueService);
  const notices = app.get(WarningNoticeService);
  const { inst, admin, people } = await db.read(async (m) => {
    const inst = await m.getRepository(InstitutionEntity).findOneByOrFail({ code });
    return {
      inst,
      admin: await m.getRepository(UserEntity).findOneByOrFail({ username: opts.adminUsername ?? 'admin' }),
      people: await m.getRepository(PersonEntity).find({ where: { institutionId: inst.id }, order: { id: 'ASC' } }),
    };
  });
  // Rule hits from the plugins' demo data already raise clues; seed only when no hand-made clue exists.
  if (await db.read((m) => m.getRepository(WarningClueEntity).existsBy({ institutionId: inst.id, source: Not('rule') }))) return false;
  const actor = await actorFor(app, admin, inst.id);
  const person = (i: number) => people[i % Math.max(people.length, 1)];

  await app.get(TipoffService).publicTipoff({ institutionCode: code, subjectLabel: '设备科某工作人员', content: '反映设备科在监护仪采购中与个别供应商来往过密，曾接受宴请。', anonymous: true });
  const staffClue = async (source: 'petition' | 'audit' | 'inspection' | 'informant', i: number, content: string) =>
    (await clues.createByStaff(actor, people.length ? { source, subjectType: 'person', subjectPersonId: person(i).id, content } : { source, subjectType: 'institution', content })).id;
  await staffClue('informant', 4, '预警信息员报告：药品采购员近期多次单独与医药代表会面。');
  const yellow = await staffClue('petition', 4, '群众来信反映药品采购中存在收受回扣的苗头。');
  const blue = await staffClue('audit', 3, '审计发现药剂科备用金报销凭证不全。');
  const subjectOf = (i: number) => (people.length ? { subjectType: 'person' as const, subjectPersonId: person(i).id } : { subjectType: 'institution' as const });
  const w1 = await notices.warnFromClue(actor, yellow, { ...subjectOf(4), levelCode: (await firstLevels(app, inst.id))[1], title: '药品采购收受回扣苗头', reason: '经初步核实，反映问题有一定事实依据，需诫勉纠错。' });
  await notices.issue(actor, w1.id);
  const w2 = await notices.warnFromClue(actor, blue, { ...subjectOf(3), levelCode: (await firstLevels(app, inst.id))[0], title: '备用金报销凭证不全', reason: '审计发现，需警示提醒并补齐凭证。' });
  await notices.issue(actor, w2.id);
  return true;
}

async function firstLevels(app: INestApplicationContext, institutionId: number): Promise<string[]> {
  return (await app.get(WarningConfigService).palette(institutionId)).levels.map((l) => l.code);
}

async function actorFor(app: INestApplicationContext, user: UserEntity, institutionId: number): Promise<Actor> {
  const visible = (await app.get(AccessService).institutions()).map((i) => i.id);
  return { userId: user.id, username: user.username, displayName: user.displayName, personId: user.personId, isSystemAdmin: true, roles: [], sessionHash: '', csrfToken: '', currentInstitutionId: institutionId, visibleInstitutionIds: visible };
}
