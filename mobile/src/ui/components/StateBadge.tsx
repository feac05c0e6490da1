import { copy } from '../../copy';
import type { SyncState } from '../../store/types';

export function StateBadge({ state }: { state: SyncState }) {
  return <span class={`badge badge-${state}`}>{copy.states[state]}</span>;
}
