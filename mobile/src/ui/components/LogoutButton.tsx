/** Logging out is refused while orders or voice notes exist only on this phone. */
import { useEffect, useState } from 'preact/hooks';
import { forgetSession } from '../../api/session';
import { copy } from '../../copy';
import { clearVendorData, unsyncedWork } from '../../store/pending';
import { setState, useAppState } from '../../state';

export function LogoutButton() {
  const { pending } = useAppState();
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (pending === 0) setRefusal(null); // the sync that sent everything lifts the refusal
  }, [pending]);

  async function logout() {
    if ((await unsyncedWork()) > 0) {
      setRefusal(copy.nav.logoutRefused);
      return;
    }
    if (!confirm(copy.nav.logoutConfirm)) return;
    await forgetSession();
    await clearVendorData();
    setState({ user: null, sessionExpired: false, lastSync: null, pending: 0 });
  }

  return (
    <div class="logout">
      {refusal && <p class="banner banner-warn" role="alert">{refusal}</p>}
      <button type="button" class="btn btn-secondary btn-block" onClick={() => void logout()}>{copy.nav.logout}</button>
    </div>
  );
}
