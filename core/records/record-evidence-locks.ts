import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An open matter (a clue awaiting triage, or a warning not yet released) that cites a record as its evidence. */
export interface EvidenceHold {
  kind: 'clue' | 'warning';
  id: number;
  /** The people the matter is about: the record is locked for them. */
  subjectPersonIds: number[];
}

/** Finds the open matters citing a record, inside the caller's transaction. */
export type EvidenceFinder = (m: EntityManager, recordId: number) => Promise<EvidenceHold[]>;

/**
 * The port through which a domain module (the warning module) tells core/records which records are evidence,
 * so records, a shared core part, imports no domain module.
 */
@Injectable()
export class RecordEvidenceLocks {
  private readonly finders: EvidenceFinder[] = [];

  register(finder: EvidenceFinder): void {
    this.finders.push(finder);
  }

  async holds(m: EntityManager, recordId: number): Promise<EvidenceHold[]> {
    const out: EvidenceHold[] = [];
    for (const find of this.finders) out.push(...(await find(m, recordId)));
    return out;
  }
}
