/** "Vérifiez cette commande": a modal that lists what looks unusual before an order is saved. */
import { useEffect, useRef } from 'preact/hooks';
import { copy } from '../../copy';

interface Props {
  doubts: string[];
  confirm: () => void;
  fix: () => void;
}

export function ConfirmDoubts({ doubts, confirm, fix }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="doubts" aria-labelledby="doubts-title"
      onCancel={(e) => { e.preventDefault(); fix(); }}>
      <h2 id="doubts-title">{copy.limits.title}</h2>
      <ul>{doubts.map((doubt) => <li key={doubt}>{doubt}</li>)}</ul>
      <div class="row">
        <button type="button" class="btn btn-secondary" onClick={fix}>{copy.limits.fix}</button>
        <button type="button" class="btn btn-primary" onClick={confirm}>{copy.limits.confirm}</button>
      </div>
    </dialog>
  );
}
