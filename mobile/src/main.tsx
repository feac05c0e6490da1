/** Boot: the stored session (no network needed), the sync wiring, the service worker, the screen. */
import { render } from 'preact';
import { loadSession } from './api/session';
import { setState } from './state';
import { registerServiceWorker } from './sw/register';
import { keepOrdersOnPhone, startSync } from './sync/controller';
import { App } from './ui/App';
import './ui/app.css';

async function boot(): Promise<void> {
  const session = await loadSession();
  setState({ user: session?.user ?? null });
  if (session) void keepOrdersOnPhone();
  render(<App />, document.getElementById('app')!);
  registerServiceWorker();
  await startSync();
}

void boot();
