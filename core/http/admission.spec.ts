import { EventEmitter } from 'node:events';
import { admission } from './admission';

function exchange(name: string, started: string[]) {
  const req = { socket: { destroyed: false } };
  const res = new EventEmitter();
  return { req, res, next: () => void started.push(name) };
}

/** The places are handed on in promise callbacks: let them run. */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('admission', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most `size` requests at once, the rest in arrival order as places free', async () => {
    const started: string[] = [];
    const gate = admission(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => exchange(n, started));
    for (const x of [a, b, c, d]) gate(x.req as never, x.res as never, x.next);
    expect(started).toEqual(['a', 'b']);
    b.res.emit('finish');
    b.res.emit('close'); // a finished answer also closes: its place is freed once
    await flush();
    expect(started).toEqual(['a', 'b', 'c']);
    a.res.emit('close'); // a client that went away frees its place too
    await flush();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    c.res.emit('finish');
    d.res.emit('finish');
    await flush();
    const e = exchange('e', started);
    const f = exchange('f', started);
    gate(e.req as never, e.res as never, e.next);
    gate(f.req as never, f.res as never, f.next);
    await flush();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('skips a waiting request whose client left, and lets the next one in', async () => {
    const started: string[] = [];
    const gate = admission(1);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => exchange(n, started));
    for (const x of [a, b, c]) gate(x.req as never, x.res as never, x.next);
    b.req.socket.destroyed = true;
    a.res.emit('finish');
    await flush();
    expect(started).toEqual(['a', 'c']);
    c.res.emit('finish');
    await flush();
    const d = exchange('d', started);
    gate(d.req as never, d.res as never, d.next);
    await flush();
    expect(started).toEqual(['a', 'c', 'd']);
  });

  it('lets the next request start beside one that has held its place for `holdMs`', async () => {
    jest.useFakeTimers();
    const started: string[] = [];
    const gate = admission(1, 1000);
    const [slow, next] = ['slow', 'next'].map((n) => exchange(n, started));
    gate(slow.req as never, slow.res as never, slow.next);
    gate(next.req as never, next.res as never, next.next);
    jest.advanceTimersByTime(999);
    await flush();
    expect(started).toEqual(['slow']);
    jest.advanceTimersByTime(1);
    await flush();
    expect(started).toEqual(['slow', 'next']);
    // The slow one's late end does not free a second place.
    slow.res.emit('finish');
    await flush();
    const third = exchange('third', started);
    gate(third.req as never, third.res as never, third.next);
    await flush();
    expect(started).toEqual(['slow', 'next']);
    next.res.emit('finish');
    await flush();
    expect(started).toEqual(['slow', 'next', 'third']);
  });
});
