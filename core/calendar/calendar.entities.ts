import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A year's State Council holiday notice entered on the screen or imported: it outranks config/calendar and the law's computation. */
@Entity('calendar_notices')
export class CalendarNoticeEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer') year: number;
  /** The notice as NoticeInput JSON (holidays with name, from, to; make-up working days). */
  @Column('text') notice: string;
  /** How it came in: 'form' (typed on the screen) or 'yaml' (pasted YAML). */
  @Column('varchar', { length: 10 }) source: string;
  @Column('integer', { name: 'entered_by' }) enteredBy: number;
  @Column('varchar', { name: 'entered_by_name', length: 100 }) enteredByName: string;
  @Column('varchar', { name: 'entered_at', length: 32 }) enteredAt: string;
}

export const CALENDAR_ENTITIES: Function[] = [CalendarNoticeEntity];
