/** Wires the sync to the app: network events, the scheduler, and the state screens read. */
import { catalogueMeta } from '../store/catalogue';
import { getValue } from '../store/db';
import { unsyncedWork } from '../store/pending';
import { askPersistentStorage } from '../store/persistence';
import { bumpRevision, getState, setState } from '../state';
import { runSync } from './engine';
import { type Outcome, SyncScheduler } from './scheduler';

async function refreshCounters(): Promise<void> {
  const [pending, catalogue, lastSync] = await Promise.all([unsyncedWork(), catalogueMeta(), getValue('last_sync')]);
  setState({ pending, catalogue: catalogue ?? null, lastSync: lastSync ?? null });
}

async function run(): Promise<Outcome> {
  if (!getState().user || getState().sessionExpired) return 'stop';
  setState({ syncing: true });
  try {
    const { outcome } = await runSync();
    if (outcome === 'stop') setState({ sessionExpired: true });
    return outcome;
  } finally {
    await refreshCounters();
    setState({ syncing: false });
    bumpRevision();
  }
}

export const scheduler = new SyncScheduler({ run, isOnline: () => navigator.onLine });

/** After a login (or a boot with a session): only a clear refusal is worth a warning. */
export async function keepOrdersOnPhone(): Promise<void> {
  setState({ storageRefused: (await askPersistentStorage()) === false });
}

/** After a local write: count it, and send it at once if the network is there. */
export async function afterLocalChange(): Promise<void> {
  await refreshCounters();
  bumpRevision();
  void scheduler.syncNow();
}

export async function startSync(): Promise<void> {
  await refreshCounters();
  window.addEventListener('online', () => {
    setState({ online: true });
    scheduler.onOnline();
  });
  window.addEventListener('offline', () => {
    setState({ online: false });
    scheduler.onOffline();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && getState().pending > 0) void scheduler.syncNow();
  });
  void scheduler.syncNow();
}
