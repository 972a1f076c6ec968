import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { EvidenceHold, RecordEvidenceLocks } from '../records/record-evidence-locks';
import { WarningClueEntity, WarningEntity } from './warning.entities';
import { OPEN_STATES } from './warning-state';

/** Clue states that hand the matter to a warning (warned, or confirmed again on an open one). */
const TO_WARNING = ['warned', 'confirmed'];

/**
 * Tells core/records which plugin records are evidence of an open matter: a clue that cites them (record_ids) while it
 * awaits triage, or the warning it became until that is released, revoked or archived. A merged clue's records count
 * for the clue it was merged into.
 */
@Injectable()
export class RecordEvidenceLock implements OnModuleInit {
  constructor(private readonly locks: RecordEvidenceLocks) {}

  onModuleInit(): void {
    this.locks.register((m, recordId) => this.holds(m, recordId));
  }

  async holds(m: EntityManager, recordId: number): Promise<EvidenceHold[]> {
    const id = String(recordId);
    // record_ids is a JSON array of numbers without spaces: these four shapes find it, the parse below confirms it.
    const citing = await m
      .getRepository(WarningClueEntity)
      .createQueryBuilder('c')
      .where('(c.record_ids = :only OR c.record_ids LIKE :first OR c.record_ids LIKE :middle OR c.record_ids LIKE :last)', { only: `[${id}]`, first: `[${id},%`, middle: `%,${id},%`, last: `%,${id}]` })
      .getMany();
    const out: EvidenceHold[] = [];
    for (const clue of citing.filter((c) => (JSON.parse(c.recordIds ?? '[]') as unknown[]).includes(recordId))) {
      const hold = await this.openMatter(m, clue, [clue.subjectPersonId]);
      if (hold && !out.some((h) => h.kind === hold.kind && h.id === hold.id)) out.push(hold);
    }
    return out;
  }

  /** The open matter a clue stands for now, with every subject named on the way; null when it is closed. */
  private async openMatter(m: EntityManager, clue: WarningClueEntity, subjects: (number | null)[], depth = 0): Promise<EvidenceHold | null> {
    const people = (extra: (number | null)[]) => [...new Set([...subjects, ...extra].filter((p): p is number => p !== null))];
    if (clue.status === 'new') return { kind: 'clue', id: clue.id, subjectPersonIds: people([clue.subjectPersonId]) };
    if (clue.status === 'merged' && clue.mergedIntoId && depth < 5) {
      const main = await m.getRepository(WarningClueEntity).findOneBy({ id: clue.mergedIntoId });
      return main ? this.openMatter(m, main, people([clue.subjectPersonId]), depth + 1) : null;
    }
    if (!TO_WARNING.includes(clue.status) || !clue.warningId) return null;
    const warning = await m.getRepository(WarningEntity).findOne({ where: { id: clue.warningId, status: In(OPEN_STATES) } });
    return warning ? { kind: 'warning', id: warning.id, subjectPersonIds: people([clue.subjectPersonId, warning.subjectPersonId]) } : null;
  }
}
