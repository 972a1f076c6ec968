import { Injectable } from '@nestjs/common';

/** The app's only source of "now", so tests can move time across deadlines without waiting. */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }

  /** Test hook: pin the clock to a moment. */
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }

  /** Test hook: move time forward. */
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }

  reset(): void {
    this.fixed = null;
    this.offsetMs = 0;
  }

  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
