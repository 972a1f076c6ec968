import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { AccessService } from '../org/access.service';
import { PluginHost } from '../plugin-host/plugin-host';
import { LevelDef, PaletteDef, paletteOf } from './warning-levels';
import { CalendarService } from '../calendar/calendar.service';
import { chinaDate, IsoDate, WorkingCalendar } from '../calendar/working-days';

/** Per-institution warning settings (palette from config/institutions) and the platform's working-day calendar. */
@Injectable()
export class WarningConfigService {
  constructor(
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** The calendar with every notice entered so far (core/calendar). */
  get calendar(): WorkingCalendar {
    return this.calendars.calendar;
  }

  /** Today's business date in China. */
  today(): IsoDate {
    return chinaDate(this.clock.now());
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  async institution(institutionId: number): Promise<{ id: number; code: string; name: string }> {
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId);
    if (!inst) throw new Error(`institution ${institutionId} not found`);
    return inst;
  }

  async palette(institutionId: number): Promise<PaletteDef> {
    const inst = await this.institution(institutionId);
    const cfg = this.host.institutions.find((c) => c.code === inst.code);
    return paletteOf(cfg?.warningPalette ?? '003-p8');
  }

  /** oversight.parentSeesWarnings of the institution's config: whether its ancestors' officers see its matters. */
  async parentSeesWarnings(institutionId: number): Promise<boolean> {
    const inst = await this.institution(institutionId);
    return this.host.institutions.find((c) => c.code === inst.code)?.oversight.parentSeesWarnings ?? true;
  }

  async level(institutionId: number, code: string): Promise<LevelDef | undefined> {
    return (await this.palette(institutionId)).levels.find((l) => l.code === code);
  }
}
