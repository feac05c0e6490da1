/** The app's small shared state: who is signed in, the network, the last sync; screens subscribe. */
import { useEffect, useState } from 'preact/hooks';
import type { User } from './api/types';
import type { CatalogueMeta, SyncReport } from './store/types';

export interface AppState {
  user: User | null;
  sessionExpired: boolean;
  online: boolean;
  syncing: boolean;
  lastSync: SyncReport | null;
  pending: number; // events and voice notes not yet on the server
  catalogue: CatalogueMeta | null;
  updateReady: boolean;
  revision: number; // grows whenever stored orders change: lists reload
  flash: string | null; // a one-off confirmation shown on the list
  flashAction: { label: string; href: string } | null; // what the vendor may do next, in the confirmation
  storageRefused: boolean; // the browser may evict unsent orders when the phone is full
}

let state: AppState = {
  user: null, sessionExpired: false, online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false, lastSync: null, pending: 0, catalogue: null, updateReady: false, revision: 0, flash: null, flashAction: null,
  storageRefused: false,
};
const listeners = new Set<() => void>();

export function getState(): AppState {
  return state;
}

export function setState(change: Partial<AppState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

export function bumpRevision(): void {
  setState({ revision: state.revision + 1 });
}

export function useAppState(): AppState {
  const [, rerender] = useState(0);
  useEffect(() => {
    const listener = () => rerender((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return state;
}
