import { afterEach, describe, expect, it, vi } from 'vitest';
import { getState } from '../state';
import { askPersistentStorage } from '../store/persistence';
import { keepOrdersOnPhone } from './controller';

function browserWith(persist: (() => Promise<boolean>) | undefined): void {
  vi.stubGlobal('navigator', { storage: persist ? { persist } : {} });
}

describe('persistent storage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('warns when the browser refuses', async () => {
    browserWith(async () => false);
    await keepOrdersOnPhone();
    expect(getState().storageRefused).toBe(true);
  });

  it('stays silent when granted or when the API is missing', async () => {
    browserWith(async () => true);
    await keepOrdersOnPhone();
    expect(getState().storageRefused).toBe(false);
    browserWith(undefined);
    expect(await askPersistentStorage()).toBeNull();
    await keepOrdersOnPhone();
    expect(getState().storageRefused).toBe(false);
  });

  it('takes a failing request for a refusal', async () => {
    browserWith(async () => Promise.reject(new Error('refusé')));
    expect(await askPersistentStorage()).toBe(false);
  });
});
