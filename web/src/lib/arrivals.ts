/**
 * Orders pushed live over the WebSocket as just created, kept for a few seconds so that the board
 * tags them as just arrived — and only them, not the rows a filter change brings into view.
 */
export const ARRIVAL_MS = 6_000;

let arrived: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function publish(next: ReadonlySet<string>): void {
  arrived = next;
  listeners.forEach((listener) => listener());
}

export function markArrived(id: string): void {
  publish(new Set([...arrived, id]));
  setTimeout(() => publish(new Set([...arrived].filter((known) => known !== id))), ARRIVAL_MS);
}

/** The ids that arrived live less than ARRIVAL_MS ago (a snapshot for useSyncExternalStore). */
export function arrivals(): ReadonlySet<string> {
  return arrived;
}

export function subscribeArrivals(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}
