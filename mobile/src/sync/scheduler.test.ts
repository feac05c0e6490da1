import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PERIODIC_MS, type Outcome, SyncScheduler } from './scheduler';

function scheduler(outcomes: Outcome[], online = { value: true }) {
  const run = vi.fn(async () => outcomes.shift() ?? 'ok');
  return { run, online, sync: new SyncScheduler({ run, isOnline: () => online.value, random: () => 1 }) };
}

describe('SyncScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries a failed sync with growing delays, then settles on the periodic check', async () => {
    const { run, sync } = scheduler(['retry', 'retry', 'ok']);
    await sync.syncNow();
    expect(sync.nextDelay).toBe(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(sync.nextDelay).toBe(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(3);
    expect(sync.nextDelay).toBe(PERIODIC_MS);
  });

  it('treats a thrown error as a failure to retry', async () => {
    const run = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValue('ok');
    const sync = new SyncScheduler({ run, isOnline: () => true, random: () => 1 });
    expect(await sync.syncNow()).toBe('retry');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('waits for the network instead of retrying offline, and syncs at once when it returns', async () => {
    const { run, online, sync } = scheduler(['retry', 'ok']);
    await sync.syncNow();
    online.value = false;
    sync.onOffline();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(run).toHaveBeenCalledTimes(1);
    online.value = true;
    sync.onOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs once when asked twice at the same time', async () => {
    const { run, sync } = scheduler(['ok']);
    await Promise.all([sync.syncNow(), sync.syncNow()]);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('stops after a refused session until asked again', async () => {
    const { run, sync } = scheduler(['stop']);
    await sync.syncNow();
    await vi.advanceTimersByTimeAsync(PERIODIC_MS * 2);
    expect(run).toHaveBeenCalledTimes(1);
    expect(sync.nextDelay).toBeNull();
  });

  it('starts the backoff again from 5 s after the network returns', async () => {
    const { sync } = scheduler(['retry', 'retry', 'retry', 'retry']);
    await sync.syncNow();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sync.nextDelay).toBe(20_000);
    sync.onOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(sync.nextDelay).toBe(5_000);
  });
});
