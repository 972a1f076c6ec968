import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import type { LocalizedText } from '../plugin-api';
import { ClueService } from './clue.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningClueEntity } from './warning.entities';

/** The audit actor of every public tip-off. */
export const PUBLIC_TIPOFF_ACTOR = 'public:tipoff';

/** What the tipster may learn with the receipt code: the status only. */
export const PUBLIC_STATUS: Record<string, LocalizedText> = {
  received: { zh: '已受理，正在核查', en: 'Received, being checked' },
  handling: { zh: '已核查，正在处理', en: 'Checked, being handled' },
  closed: { zh: '已办结', en: 'Closed' },
};

export function hashReceipt(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

/** 20 random base-32 characters in groups: 100 bits, typed in by hand. */
export function newReceiptCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `JB-${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}-${chars.slice(15, 20)}`;
}

export interface TipoffInput {
  institutionCode: string;
  subjectLabel: string;
  content: string;
  anonymous: boolean;
  name?: string;
  contact?: string;
  /** 受理机关: the institution or one above it; absent = its own body, or the level above for its head or officer. */
  receivingCode?: string;
}

/** The public tip-off (网上举报): intake without sign-in, routed to the body that may handle it, and the status by receipt code. */
@Injectable()
export class TipoffService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly clues: ClueService,
    private readonly jurisdiction: WarningJurisdictionService,
  ) {}

  /** Returns the receipt code once, and the body that received it (the institution's own, or one above it). */
  async publicTipoff(input: TipoffInput): Promise<{ receiptCode: string; institutionName: string; receivingName: string }> {
    const inst = (await this.access.institutions()).find((i) => i.code === input.institutionCode);
    if (!inst) throw AppError.validation([{ field: 'institutionCode', key: 'validation.invalid' }]);
    const bodies = await this.jurisdiction.chain(inst.id);
    const chosen = input.receivingCode ? bodies.find((b) => b.code === input.receivingCode) : undefined;
    if (input.receivingCode && !chosen) throw AppError.validation([{ field: 'receivingCode', key: 'error.receiving_body' }]);
    if (!input.anonymous && !input.name?.trim() && !input.contact?.trim()) throw AppError.validation([{ field: 'name', key: 'validation.required' }]);
    const receiptCode = newReceiptCode();
    const handler = await this.db.write(async (m) => {
      const handlerInstitutionId = await this.jurisdiction.handlerFor(m, inst.id, { label: input.subjectLabel }, chosen?.id);
      await this.clues.insert(
        m,
        {
          institutionId: inst.id,
          source: 'public-tipoff',
          channel: 'public',
          subjectType: 'person',
          subjectPersonId: null,
          subjectDepartmentId: null,
          subjectPostId: null,
          subjectLabel: input.subjectLabel.trim(),
          content: input.content.trim(),
          anonymous: input.anonymous,
          tipsterName: input.anonymous ? null : input.name?.trim() || null,
          tipsterContact: input.anonymous ? null : input.contact?.trim() || null,
          receiptHash: hashReceipt(receiptCode),
          handlerInstitutionId,
        },
        // Nothing about the sender: a hash of an address beside the clue would unmask the tipster (IPv4 is small).
        PUBLIC_TIPOFF_ACTOR,
      );
      return handlerInstitutionId;
    });
    return { receiptCode, institutionName: inst.name, receivingName: bodies.find((b) => b.id === handler)?.name ?? inst.name };
  }

  async publicStatus(code: string): Promise<{ status: string; label: LocalizedText } | null> {
    const clue = await this.db.read((m) => m.getRepository(WarningClueEntity).findOneBy({ receiptHash: hashReceipt(code) }));
    if (!clue) return null;
    const status = clue.status === 'new' ? 'received' : ['warned', 'confirmed'].includes(clue.status) ? 'handling' : 'closed';
    return { status, label: PUBLIC_STATUS[status] };
  }
}
