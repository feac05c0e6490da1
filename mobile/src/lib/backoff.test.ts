import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelay } from './backoff';

describe('retryDelay', () => {
  it('doubles from 5 s, between half and all of the ceiling', () => {
    expect(retryDelay(0, () => 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelay(0, () => 1)).toBe(FIRST_RETRY_MS);
    expect(retryDelay(1, () => 1)).toBe(2 * FIRST_RETRY_MS);
    expect(retryDelay(3, () => 1)).toBe(8 * FIRST_RETRY_MS);
  });

  it('never waits more than five minutes, even after many failures', () => {
    expect(retryDelay(10, () => 1)).toBe(MAX_RETRY_MS);
    expect(retryDelay(10_000, () => 1)).toBe(MAX_RETRY_MS);
    expect(retryDelay(10_000, () => 0)).toBe(MAX_RETRY_MS / 2);
  });
});
