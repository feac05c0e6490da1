/** Sign-in: needed once online; afterwards the stored refresh token keeps the vendor in for days. */
import { useState } from 'preact/hooks';
import { ServerError } from '../../api/errors';
import { login } from '../../api/session';
import { copy } from '../../copy';
import { unsyncedWork } from '../../store/pending';
import { getState, setState, useAppState } from '../../state';
import { keepOrdersOnPhone, scheduler } from '../../sync/controller';

export function Login() {
  const { online, sessionExpired, user } = useAppState();
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false); // the server said no to these credentials
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const previous = getState().user;
    if (previous && previous.username !== username.trim() && (await unsyncedWork()) > 0) {
      setError(copy.login.otherUser(previous.username));
      return;
    }
    setBusy(true);
    setError(null);
    setRefused(false);
    try {
      const session = await login(username.trim(), password);
      setState({ user: session.user, sessionExpired: false });
      void keepOrdersOnPhone();
      void scheduler.syncNow();
    } catch (caught) {
      setError(caught instanceof ServerError ? caught.message : copy.login.needsNetwork);
      setRefused(caught instanceof ServerError);
    } finally {
      setBusy(false);
    }
  }

  const invalid = refused ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'login-error' } : {};
  return (
    <main class="screen login">
      <h1>{copy.login.title}</h1>
      <p class={sessionExpired ? 'banner banner-warn' : 'hint'}>{sessionExpired ? copy.login.expired : copy.login.intro}</p>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <label class="field">
          <span>{copy.login.username}</span>
          <input name="username" autoComplete="username" autoCapitalize="none" required value={username} {...invalid}
            onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{copy.login.password}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} {...invalid}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {!online && <p class="banner banner-warn">{copy.login.needsNetwork}</p>}
        {error && <p id="login-error" class="error" role="alert">{error}</p>}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy || !online}>
          {busy ? copy.login.busy : copy.login.submit}
        </button>
      </form>
    </main>
  );
}
