/** What is waiting, when the last sync ran and the data it cost, and a button to sync now. */
import { copy } from '../../copy';
import { formatBytes, formatShort } from '../../lib/dates';
import { useAppState } from '../../state';
import { scheduler } from '../../sync/controller';

export function SyncBar() {
  const { online, syncing, pending, lastSync } = useAppState();
  return (
    <section class="syncbar" aria-label="Synchronisation">
      <div class="syncbar-text">
        <strong>{pending > 0 ? copy.sync.pendingCount(pending) : copy.sync.allSent}</strong>
        <span>{lastSync ? copy.sync.last(formatShort(lastSync.at), formatBytes(lastSync.bytes)) : copy.sync.never}</span>
        {lastSync && !lastSync.ok && lastSync.error && <span class="error">{copy.sync.failed(lastSync.error)}</span>}
      </div>
      <button type="button" class="btn btn-secondary btn-block" disabled={!online || syncing} onClick={() => void scheduler.syncNow()}>
        {syncing ? copy.sync.running : copy.sync.now}
      </button>
    </section>
  );
}
