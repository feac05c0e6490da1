/**
 * The one-off confirmation after a save ("Commande … enregistrée"), gone after a few seconds;
 * with what the vendor may do next ("Livrée sur place ?"), it stays a little longer.
 */
import { useEffect } from 'preact/hooks';
import { setState, useAppState } from '../../state';

export function Flash() {
  const { flash, flashAction } = useAppState();
  useEffect(() => {
    if (!flash) return undefined;
    const timer = setTimeout(() => setState({ flash: null, flashAction: null }), flashAction ? 15_000 : 5000);
    return () => clearTimeout(timer);
  }, [flash]);
  if (!flash) return null;
  return (
    <p class="banner banner-ok" role="status">
      <span>{flash}</span>
      {flashAction && (
        <a class="btn btn-small btn-secondary" href={flashAction.href}
          onClick={() => setState({ flash: null, flashAction: null })}>{flashAction.label}</a>
      )}
    </p>
  );
}
