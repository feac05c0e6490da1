/** Hash routes, so that the phone's back button walks back through the screens. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'orders' }
  | { name: 'new' }
  | { name: 'cash' }
  | { name: 'detail'; localId: string }
  | { name: 'edit'; localId: string }
  | { name: 'deliver'; localId: string }
  | { name: 'pay'; localId: string }
  | { name: 'giveBack'; localId: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'nouvelle') return { name: 'new' };
  if (parts[0] === 'caisse') return { name: 'cash' };
  if (parts[0] === 'commande' && parts[1]) {
    if (parts[2] === 'modifier') return { name: 'edit', localId: parts[1] };
    if (parts[2] === 'livrer') return { name: 'deliver', localId: parts[1] };
    if (parts[2] === 'paiement') return { name: 'pay', localId: parts[1] };
    if (parts[2] === 'retour') return { name: 'giveBack', localId: parts[1] };
    return { name: 'detail', localId: parts[1] };
  }
  return { name: 'orders' };
}

export const paths = {
  orders: '#/',
  newOrder: '#/nouvelle',
  cash: '#/caisse',
  detail: (localId: string) => `#/commande/${localId}`,
  edit: (localId: string) => `#/commande/${localId}/modifier`,
  deliver: (localId: string) => `#/commande/${localId}/livrer`,
  pay: (localId: string) => `#/commande/${localId}/paiement`,
  giveBack: (localId: string) => `#/commande/${localId}/retour`,
};

export function go(path: string, replace = false): void {
  if (replace) location.replace(path);
  else location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
