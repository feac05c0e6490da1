import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { closeDatabase } from './src/store/db';

// The API client resolves paths against the page's origin.
Object.defineProperty(globalThis, 'location', { value: { origin: 'http://gapal.test' }, configurable: true });

beforeEach(async () => {
  await closeDatabase();
  globalThis.indexedDB = new IDBFactory(); // every test starts on an empty phone
});
