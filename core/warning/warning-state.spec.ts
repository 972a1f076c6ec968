import { AppError } from '../http/app-error';
import { actionsFrom, transition, TRANSITIONS, WARNING_STATES } from './warning-state';

describe('warning state machine', () => {
  it('walks the normal life: issue → interview → answer → accept → follow-up → release → archive', () => {
    let s: string = 'decided';
    for (const a of ['issue', 'interview', 'answer', 'accept', 'follow-up', 'release', 'archive'] as const) s = transition(s, a) ?? s;
    expect(s).toBe('archived');
  });

  it('answers 409 with the reason for every illegal pair', () => {
    let illegal = 0;
    for (const state of WARNING_STATES) {
      for (const action of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
        if (TRANSITIONS[action].from.includes(state)) continue;
        illegal++;
        try {
          transition(state, action);
          throw new Error(`${state} --${action}--> should be refused`);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).getStatus()).toBe(409);
        }
      }
    }
    expect(illegal).toBeGreaterThan(80);
    expect(() => transition('released', 'answer')).toThrow(AppError);
  });

  it('lets a rejected answer be answered again, and offers no action after archiving', () => {
    expect(transition('rejected', 'answer')).toBe('answered');
    expect(actionsFrom('archived')).toEqual([]);
    expect(actionsFrom('answered')).toEqual(expect.arrayContaining(['accept', 'reject', 'appeal']));
  });
});
