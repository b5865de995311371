import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../../../src/core/store/storeErrors';
import { LivePoller, pollDelay, readDeadline, type PollTimers } from '../../../src/views/explorer/serverPolling';

/** Timers the test fires by hand: nothing runs until `fire` says so. */
class ManualTimers implements PollTimers {
  private nextId = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  set(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.set(id, { callback, ms });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Delays of the scheduled polls (read deadlines, which are never shorter than 15 s, left out). */
  pollDelays(): number[] {
    return [...this.pending.values()].filter((t) => t.ms < 15_000).map((t) => t.ms);
  }
  /** Runs the scheduled poll (not a read deadline) and lets the read settle. */
  async firePoll(): Promise<void> {
    const entry = [...this.pending.entries()].find(([, t]) => t.ms < 15_000);
    assert.ok(entry, 'no poll is scheduled');
    this.pending.delete(entry[0]);
    entry[1].callback();
    await settle();
  }
  async fireDeadline(): Promise<void> {
    const entry = [...this.pending.entries()].find(([, t]) => t.ms >= 15_000);
    assert.ok(entry, 'no read deadline is pending');
    this.pending.delete(entry[0]);
    entry[1].callback();
    await settle();
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const unreachable = () => new StoreError('unreachable', 'connect ECONNREFUSED 127.0.0.1:5000', 'http://127.0.0.1:5000');

function poller(read: (signal: AbortSignal) => Promise<void>, intervalMs = 2000) {
  const timers = new ManualTimers();
  const results: unknown[] = [];
  let interval = intervalMs;
  const live = new LivePoller({
    intervalMs: () => interval,
    read,
    onResult: (error) => results.push(error),
    timers,
    location: 'http://127.0.0.1:5000',
  });
  return { live, timers, results, setInterval: (ms: number) => (interval = ms) };
}

void describe('server poll schedule', () => {
  void it('waits the interval while healthy and doubles it per failure up to the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 10].map((failures) => pollDelay(5000, failures)),
      [5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000],
    );
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((failures) => pollDelay(1000, failures, 30_000)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    // Short intervals retry at least every 16 s; an interval above the cap is never shortened by a failure.
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((failures) => pollDelay(1000, failures)), [1000, 2000, 4000, 8000, 16_000, 16_000, 16_000]);
    assert.equal(pollDelay(120_000, 3), 120_000);
    // Thousands of failures do not overflow into Infinity or NaN.
    assert.equal(pollDelay(1000, 5000), 16_000);
    assert.equal(pollDelay(5000, 5000), 60_000);
  });

  void it('bounds one read by a deadline that grows with long intervals', () => {
    assert.equal(readDeadline(1000), 15_000);
    assert.equal(readDeadline(60_000), 180_000);
  });
});

void describe('LivePoller', () => {
  void it('reads nothing until active, reads at once when activated, then every interval', async () => {
    let reads = 0;
    const { live, timers, results } = poller(async () => void reads++);
    assert.deepEqual(timers.pollDelays(), []);
    live.setActive(true);
    assert.deepEqual(timers.pollDelays(), [0]);
    await timers.firePoll();
    assert.equal(reads, 1);
    assert.deepEqual(results, [undefined]);
    assert.deepEqual(timers.pollDelays(), [2000]);
    await timers.firePoll();
    assert.equal(reads, 2);
    assert.deepEqual(timers.pollDelays(), [2000]);
    // A store opened a moment ago was just read: activating without an immediate read waits an interval.
    live.setActive(false);
    live.setActive(true, false);
    assert.deepEqual(timers.pollDelays(), [2000]);
  });

  void it('backs off while the server fails and returns to the interval after the first success', async () => {
    let failing = true;
    const { live, timers, results } = poller(async () => {
      if (failing) throw unreachable();
    }, 500);
    live.setActive(true);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await timers.firePoll();
      delays.push(...timers.pollDelays());
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
    assert.equal(live.failures, 4);
    assert.ok(results.every((r) => StoreError.is(r, 'unreachable')));
    failing = false;
    await timers.firePoll();
    assert.equal(results.at(-1), undefined);
    assert.equal(live.failures, 0);
    assert.deepEqual(timers.pollDelays(), [500]);
  });

  void it('pauses when hidden (aborting the read in flight, whose result is dropped) and reads at once when shown again', async () => {
    let release: (() => void) | undefined;
    let seen: AbortSignal | undefined;
    let reads = 0;
    const { live, timers, results } = poller((signal) => {
      reads++;
      seen = signal;
      return new Promise<void>((resolve) => (release = resolve));
    });
    live.setActive(true);
    await timers.firePoll();
    assert.equal(live.running, true);
    live.setActive(false);
    assert.equal(seen?.aborted, true);
    assert.equal(live.running, false);
    release?.();
    await settle();
    assert.deepEqual(results, [], 'a read abandoned by a pause reports nothing');
    assert.equal(timers.pending.size, 0, 'nothing is scheduled while paused');
    live.setActive(true);
    assert.deepEqual(timers.pollDelays(), [0]);
    await timers.firePoll();
    assert.equal(reads, 2);
  });

  void it('a read past its deadline is aborted and counts as the server being unreachable', async () => {
    let seen: AbortSignal | undefined;
    const { live, timers, results } = poller((signal) => {
      seen = signal;
      return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new StoreError('cancelled', 'cancelled'))));
    });
    live.setActive(true);
    await timers.firePoll();
    await timers.fireDeadline();
    assert.equal(seen?.aborted, true);
    assert.equal(results.length, 1);
    assert.ok(StoreError.is(results[0], 'unreachable'), String(results[0]));
    assert.match((results[0] as Error).message, /No answer from http:\/\/127\.0\.0\.1:5000 within 15 s/);
    assert.deepEqual(timers.pollDelays(), [4000]);
  });

  void it('an interval of 0 turns polling off; nudge reads early; dispose stops everything', async () => {
    let reads = 0;
    const { live, timers, setInterval } = poller(async () => void reads++);
    setInterval(0);
    live.setActive(true);
    assert.equal(timers.pending.size, 0);
    setInterval(3000);
    live.nudge();
    await timers.firePoll();
    assert.equal(reads, 1);
    assert.deepEqual(timers.pollDelays(), [3000]);
    live.nudge();
    assert.deepEqual(timers.pollDelays(), [0]);
    live.dispose();
    assert.equal(timers.pending.size, 0);
    live.setActive(true);
    live.nudge();
    assert.equal(timers.pending.size, 0);
  });

  void it('resetBackoff makes the next wait the plain interval (a new server)', async () => {
    const { live, timers } = poller(async () => {
      throw unreachable();
    });
    live.setActive(true);
    await timers.firePoll();
    await timers.firePoll();
    assert.equal(live.failures, 2);
    live.resetBackoff();
    assert.equal(live.failures, 0);
  });
});
