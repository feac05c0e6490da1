/** Unsent orders live in IndexedDB: ask the browser not to evict them when the phone is full. */

/** true: kept · false: refused, the browser may evict · null: this browser has no such API. */
export async function askPersistentStorage(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  try {
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}
