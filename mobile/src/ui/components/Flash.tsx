/** The one-off confirmation after a save ("Commande … enregistrée"), gone after 5 s. */
import { useEffect } from 'preact/hooks';
import { setState, useAppState } from '../../state';

export function Flash() {
  const { flash } = useAppState();
  useEffect(() => {
    if (!flash) return undefined;
    const timer = setTimeout(() => setState({ flash: null }), 5000);
    return () => clearTimeout(timer);
  }, [flash]);
  return flash ? <p class="banner banner-ok" role="status">{flash}</p> : null;
}
