/** Work that exists only on this phone: while there is any, logging out is refused. */
import { database } from './db';
import { outboxSize } from './orders';
import { notesToUpload } from './voiceNotes';

export async function unsyncedWork(): Promise<number> {
  const [events, notes] = await Promise.all([outboxSize(), notesToUpload()]);
  return events + notes.length;
}

/** On logout (only when everything is sent): the next vendor on this phone starts afresh, downloading his own. */
export async function clearVendorData(): Promise<void> {
  const tx = (await database()).transaction(['orders', 'outbox', 'voice_notes', 'kv'], 'readwrite');
  await Promise.all([
    tx.objectStore('orders').clear(), tx.objectStore('outbox').clear(), tx.objectStore('voice_notes').clear(),
    tx.objectStore('kv').delete('last_sync'),
    tx.objectStore('kv').delete('orders_sync'), tx.objectStore('kv').delete('my_payments'), tx.done,
  ]);
}
