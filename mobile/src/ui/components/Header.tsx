/** Top bar: the app, who is signed in, and whether the phone is online. */
import { copy } from '../../copy';
import { useAppState } from '../../state';

export function Header() {
  const { online, user } = useAppState();
  return (
    <header class="topbar">
      <div class="topbar-row">
        <span class="brand">{copy.appName}</span>
        {user && <span class="who">{user.username}</span>}
        <span class={online ? 'net net-on' : 'net net-off'} role="status">
          {online ? copy.online : copy.offline}
        </span>
      </div>
    </header>
  );
}
