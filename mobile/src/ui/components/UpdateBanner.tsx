import { copy } from '../../copy';

/** A new version is installed: the vendor reloads when the order at hand is saved. */
export function UpdateBanner() {
  return (
    <div class="banner banner-update" role="status">
      <span>{copy.update.available}</span>
      <button type="button" class="btn btn-small" onClick={() => location.reload()}>
        {copy.update.reload}
      </button>
    </div>
  );
}
