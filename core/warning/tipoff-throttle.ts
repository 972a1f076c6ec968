import { Injectable } from '@nestjs/common';
import { PublicThrottle } from '../http/public-throttle';

/** Sliding-window limits per client address for the public, sign-in-free tip-off endpoints. */
export const TIPOFF_LIMITS = {
  submit: { max: 5, windowMs: 10 * 60_000 },
  status: { max: 30, windowMs: 60_000 },
};

/** One per app, shared by the API and the form: the tipster's address lives only here, as an HMAC, for minutes. */
@Injectable()
export class TipoffThrottle extends PublicThrottle<keyof typeof TIPOFF_LIMITS> {
  constructor() {
    super(TIPOFF_LIMITS);
  }
}
