import type { DemoSeedContext } from '../../core/plugin-api';
import { addDays } from '../../core/plugin-api';
import { APPLICATION, DESIGNATION, INSPECTION } from './records';
import { connectLimit, planReplyLimit, unrecoveredThresholdFen } from './rules';

/**
 * The n-th Monday-to-Friday after `from`. The seed context has no calendar, so this only places the demo dates; the
 * rules count with the platform calendar. The dates within their limits keep a margin below them (a holiday in between
 * only shortens the count), and the planted ones exceed theirs by more than a holiday week.
 */
const weekdaysAfter = (from: string, n: number): string => {
  let d = from;
  for (let k = 0; k < n; ) {
    d = addDays(d, 1);
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) k++;
  }
  return d;
};

/**
 * A county company's marketing year in small: applications (two PLANTED past their working-day limits), inspection
 * findings (one PLANTED closed with the charges left unrecovered), suppliers of customer projects (one PLANTED
 * designated by staff), and the people who handle them, with an account for the company's discipline officer.
 * Dated back from the seeding day, so the same hits appear whenever it runs.
 */
export async function seedDemo(ctx: DemoSeedContext): Promise<void> {
  const day = (back: number) => addDays(ctx.today, -back);
  const o = ctx.options;
  const year = ctx.today.slice(0, 4);

  await ctx.createPerson({ name: '孟清源', department: '纪委办公室', post: '纪委书记', postSince: '2023-03-01', account: { username: 'psm-jijian', role: 'discipline-officer' } });
  await ctx.createPerson({ name: '韩立新', department: '营销部', post: '营销部主任', postSince: '2021-07-01', account: { username: 'psm-marketing', role: 'department-head' } });
  await ctx.createPerson({ name: '周晓明', department: '营销部', post: '客户经理', postSince: '2019-04-01' });
  await ctx.createPerson({ name: '陈雨桐', department: '营销部', post: '客户经理', postSince: '2022-09-01' });
  await ctx.createPerson({ name: '吴建国', department: '用电检查班', post: '用电检查员', postSince: '2018-03-01' });

  // Business-expansion applications: answered and connected within the limits, except the planted ones.
  const lowLimit = planReplyLimit('380v', o);
  const highLimit = planReplyLimit('10kv', o);
  const a = [
    { no: `YK-${year}-0101`, applicant: '示范县城关镇李家面馆', kind: 'new', customer: 'business', voltage: '380v', kva: 40, back: 60, reply: 2, connect: 4, handler: '周晓明' },
    { no: `YK-${year}-0102`, applicant: '示范县绿源农业合作社', kind: 'new', customer: 'business', voltage: '380v', kva: 80, back: 50, reply: 2, connect: 4, handler: '陈雨桐' },
    { no: `YK-${year}-0103`, applicant: '示范县宏达建材有限公司', kind: 'increase', customer: 'industrial', voltage: '10kv', kva: 800, back: 90, reply: 12, connect: null, handler: '周晓明' },
    { no: `YK-${year}-0104`, applicant: '城关镇幸福小区12栋居民', kind: 'new', customer: 'resident', voltage: '220v', kva: 8, back: 30, reply: 1, connect: 3, handler: '陈雨桐' },
    // PLANTED: plan-reply-overdue-low and connection-overdue-low (answered and connected weeks late)
    { no: `YK-${year}-0105`, applicant: '示范县金穗粮油加工厂', kind: 'new', customer: 'industrial', voltage: '380v', kva: 160, back: 45, reply: lowLimit + 6, connect: connectLimit(o) + 10, handler: '周晓明' },
    // PLANTED: plan-reply-overdue-high
    { no: `YK-${year}-0106`, applicant: '示范县恒通物流园', kind: 'new', customer: 'business', voltage: '10kv', kva: 1250, back: 70, reply: highLimit + 8, connect: null, handler: '周晓明' },
  ];
  const apps = [];
  for (const x of a) {
    const acceptedOn = day(x.back);
    apps.push(
      await ctx.createRecord(APPLICATION, {
        applicationNo: x.no,
        applicant: x.applicant,
        applicationKind: x.kind,
        customerKind: x.customer,
        voltageClass: x.voltage,
        capacityKva: x.kva,
        acceptedOn,
        planRepliedOn: weekdaysAfter(acceptedOn, x.reply),
        ...(x.connect ? { connectedOn: weekdaysAfter(acceptedOn, x.connect) } : {}),
        handler: x.handler,
        ...(x.no.endsWith('0105') || x.no.endsWith('0106') ? { note: '示范数据：超过办电时限' } : {}),
      }),
    );
  }

  // Inspection findings (用电稽查), charges in fen.
  const threshold = unrecoveredThresholdFen(o);
  await ctx.createRecord(INSPECTION, { caseNo: `JC-${year}-011`, customer: '示范县城关镇鑫源烧烤店', kind: 'violation', foundOn: day(80), recoveryDueFen: 356_000, penaltyFen: 712_000, recoveredFen: 356_000, status: 'closed', closedOn: day(60), inspector: '吴建国', approver: '韩立新' });
  await ctx.createRecord(INSPECTION, { caseNo: `JC-${year}-012`, customer: '示范县东溪镇某养殖场', kind: 'theft', foundOn: day(40), recoveryDueFen: 2_480_000, recoveredFen: 0, status: 'referred', inspector: '吴建国', note: '绕越计量装置用电，已移送公安机关' });
  await ctx.createRecord(INSPECTION, { caseNo: `JC-${year}-013`, customer: '示范县永盛石材厂', kind: 'violation', foundOn: day(20), recoveryDueFen: 820_000, status: 'open', inspector: '吴建国' });
  // PLANTED: closed-without-recovery (closed with most of the charges left unrecovered)
  await ctx.createRecord(INSPECTION, { caseNo: `JC-${year}-014`, customer: '示范县兴旺砖厂', kind: 'theft', foundOn: day(55), recoveryDueFen: threshold + 3_650_000, recoveredFen: 500_000, status: 'closed', closedOn: day(35), inspector: '吴建国', approver: '韩立新', note: '示范数据：结案时大部分电费未追补' });

  // Suppliers of customer projects (三指定核查).
  await ctx.createRecord(DESIGNATION, { projectName: '宏达建材10千伏增容工程', application: apps[2].id, customer: '示范县宏达建材有限公司', role: 'design', supplierName: '某市电力设计院有限公司', chosenBy: 'customer', checkedOn: day(20) });
  await ctx.createRecord(DESIGNATION, { projectName: '宏达建材10千伏增容工程', application: apps[2].id, customer: '示范县宏达建材有限公司', role: 'construction', supplierName: '某县电力安装工程有限公司', chosenBy: 'customer', checkedOn: day(20) });
  // PLANTED: designated-by-staff
  await ctx.createRecord(DESIGNATION, { projectName: '恒通物流园10千伏新装工程', application: apps[5].id, customer: '示范县恒通物流园', role: 'equipment', supplierName: '某县恒亮电气设备有限公司', chosenBy: 'staff', recommendedBy: '周晓明', checkedOn: day(10), note: '示范数据：客户称设备由客户经理推荐' });
}
