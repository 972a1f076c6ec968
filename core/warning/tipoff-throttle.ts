import { Injectable } from '@nestjs/common';
import { PublicThrottle } from '../http/public-throttle';

/** Sliding-window limits per client address for the public, sign-in-free tip-off endpoints. */
export const TIPOFF_LIMITS = {
  submit: { max: 5, windowMs: 10 * 60_000 },
  status: { max: 30, windowMs: 60_000 },
} as const;

@Injectable()
export class TipoffThrottle extends PublicThrottle {
  constructor() {
    super(TIPOFF_LIMITS);
  }

  override take(kind: keyof typeof TIPOFF_LIMITS, ip: string): void {
    super.take(kind, ip);
  }
}
