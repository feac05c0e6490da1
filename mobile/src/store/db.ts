/** The phone's IndexedDB: one database, opened once; each write that belongs together is one transaction. */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type {
  CatalogueMeta, CustomersMeta, LocalCustomer, LocalOrder, LocalVoiceNote, MyPaymentsMeta, OrdersMeta, OutboxEvent, Product, Session, SyncReport,
} from './types';

export interface KeyValues {
  session: Session;
  device_id: string;
  catalogue: CatalogueMeta;
  orders_sync: OrdersMeta;
  last_sync: SyncReport;
  customers_sync: CustomersMeta;
  my_payments: MyPaymentsMeta;
}

interface GapalDB extends DBSchema {
  kv: { key: keyof KeyValues; value: KeyValues[keyof KeyValues] };
  products: { key: string; value: Product };
  orders: { key: string; value: LocalOrder };
  outbox: { key: number; value: OutboxEvent; indexes: { by_local_id: string; by_owner: string } };
  customers: { key: string; value: LocalCustomer };
  voice_notes: { key: string; value: LocalVoiceNote; indexes: { by_order: string } };
}

export type Database = IDBPDatabase<GapalDB>;
export const DB_NAME = 'gapal-vendeur';
export const DB_VERSION = 2;
let opening: Promise<Database> | null = null;

export function database(): Promise<Database> {
  opening ??= openDB<GapalDB>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) createVersion1(db);
      if (oldVersion < 2) {
        // Version 2: customers, and each outbox event's owner (a payment's is its order), kept for
        // the events already waiting so that nothing queued before the update is lost or unowned.
        db.createObjectStore('customers', { keyPath: 'id' });
        const outbox = tx.objectStore('outbox');
        outbox.createIndex('by_owner', 'owner');
        let cursor = await outbox.openCursor();
        while (cursor) {
          await cursor.update({ ...cursor.value, owner: cursor.value.owner ?? cursor.value.local_id });
          cursor = await cursor.continue();
        }
      }
    },
  });
  return opening;
}

function createVersion1(db: IDBPDatabase<GapalDB>): void {
  db.createObjectStore('kv');
  db.createObjectStore('products', { keyPath: 'id' });
  db.createObjectStore('orders', { keyPath: 'local_id' });
  const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
  outbox.createIndex('by_local_id', 'local_id');
  const notes = db.createObjectStore('voice_notes', { keyPath: 'local_id' });
  notes.createIndex('by_order', 'order_local_id');
}

/** For tests: forget the open connection so that a fresh fake IndexedDB is used. */
export async function closeDatabase(): Promise<void> {
  if (opening) (await opening).close();
  opening = null;
}

export async function getValue<K extends keyof KeyValues>(key: K): Promise<KeyValues[K] | undefined> {
  return (await (await database()).get('kv', key)) as KeyValues[K] | undefined;
}

export async function setValue<K extends keyof KeyValues>(key: K, value: KeyValues[K]): Promise<void> {
  await (await database()).put('kv', value, key);
}

export async function deleteValue(key: keyof KeyValues): Promise<void> {
  await (await database()).delete('kv', key);
}
