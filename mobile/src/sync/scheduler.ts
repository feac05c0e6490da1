/**
 * When to sync: at once when the network comes back or on demand, again with backoff after a
 * failure, and now and then while online (catalogue prices, office edits).
 */
import { retryDelay } from '../lib/backoff';

export type Outcome = 'ok' | 'retry' | 'stop';
export const PERIODIC_MS = 10 * 60_000;

export interface SchedulerDeps {
  run: () => Promise<Outcome>;
  isOnline: () => boolean;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

export class SyncScheduler {
  private attempt = 0;
  private timer: unknown = null;
  private running: Promise<Outcome> | null = null;
  private stopped = false;
  /** The delay of the next planned run (for display and tests), or null. */
  nextDelay: number | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Runs now (or joins the run in progress); offline, it waits for the `online` event. */
  syncNow(): Promise<Outcome> {
    this.stopped = false;
    if (!this.deps.isOnline()) {
      this.cancel();
      return Promise.resolve('retry');
    }
    this.running ??= this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  onOnline(): void {
    this.attempt = 0;
    void this.syncNow();
  }

  onOffline(): void {
    this.cancel();
  }

  /** After a refused session: nothing more until the vendor signs in again. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private async runOnce(): Promise<Outcome> {
    this.cancel();
    let outcome: Outcome;
    try {
      outcome = await this.deps.run();
    } catch {
      outcome = 'retry';
    }
    if (outcome === 'stop') this.stop();
    else if (outcome === 'retry') this.plan(retryDelay(this.attempt++, this.deps.random));
    else {
      this.attempt = 0;
      this.plan(PERIODIC_MS);
    }
    return outcome;
  }

  private plan(ms: number): void {
    if (this.stopped || !this.deps.isOnline()) return;
    const setTimer = this.deps.setTimer ?? ((callback, delay) => setTimeout(callback, delay));
    this.nextDelay = ms;
    this.timer = setTimer(() => void this.syncNow(), ms);
  }

  private cancel(): void {
    if (this.timer !== null) (this.deps.clearTimer ?? ((handle) => clearTimeout(handle as number)))(this.timer);
    this.timer = null;
    this.nextDelay = null;
  }
}
