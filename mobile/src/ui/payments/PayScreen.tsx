/** « Enregistrer un paiement » on an order: amount, method, reference, a confirmation, queued offline. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { formatFcfa } from '../../lib/money';
import { amountDue, amountPaid, canPay, paymentErrors, recordPayment } from '../../store/payments';
import { getOrder } from '../../store/orders';
import type { LocalOrder } from '../../store/types';
import { setState } from '../../state';
import { afterLocalChange } from '../../sync/controller';
import { go, paths } from '../router';
import { useLoad } from '../useAsync';
import { draftFor, inputOf, PaymentForm, type PaymentErrors } from './PaymentForm';

function ConfirmPayment({ text, confirm, back, busy }: { text: string; confirm: () => void; back: () => void; busy: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="doubts" aria-labelledby="pay-title" onCancel={(e) => { e.preventDefault(); back(); }}>
      <h2 id="pay-title">{copy.pay.confirmTitle}</h2>
      <p><strong>{text}</strong></p>
      <div class="row">
        <button type="button" class="btn btn-secondary" onClick={back}>{copy.pay.no}</button>
        <button type="button" class="btn btn-primary" disabled={busy} onClick={confirm}>{copy.pay.yes}</button>
      </div>
    </dialog>
  );
}

function Pay({ order }: { order: LocalOrder }) {
  const due = amountDue(order);
  const [draft, setDraft] = useState(() => draftFor(due));
  const [errors, setErrors] = useState<PaymentErrors>({});
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = inputOf(draft);

  function ask() {
    const found = paymentErrors(input, due);
    setErrors(found);
    if (Object.keys(found).length === 0) setAsking(true);
  }

  async function confirm() {
    setBusy(true);
    await recordPayment(order.local_id, input);
    setState({ flash: copy.pay.done(formatFcfa(input.amount), order.order_number), flashAction: null });
    await afterLocalChange();
    go(paths.detail(order.local_id), true);
  }

  return (
    <article class="detail pay">
      <a href={paths.detail(order.local_id)} class="btn-link">← {copy.nav.back}</a>
      <h1>{copy.pay.title(order.order_number)}</h1>
      <p><strong>{order.client_name}</strong></p>
      <p class="money-line"><span>{copy.products.total}</span> <strong>{formatFcfa(order.total_price)}</strong></p>
      {(order.returned_value ?? 0) > 0 && (
        <p class="money-line"><span>{copy.returns.returnedLabel}</span> <span>{formatFcfa(-(order.returned_value ?? 0))}</span></p>
      )}
      <p class="money-line"><span>{copy.pay.paidLabel}</span> <span>{formatFcfa(amountPaid(order))}</span></p>
      <p class="money-line"><span>{copy.pay.dueLabel}</span> <strong>{formatFcfa(due)}</strong></p>
      <PaymentForm draft={draft} change={setDraft} errors={errors} />
      <div class="wizard-nav">
        <div class="row">
          <a class="btn btn-secondary" href={paths.detail(order.local_id)}>{copy.wizard.cancel}</a>
          <button type="button" class="btn btn-primary" onClick={ask}>{copy.pay.submit}</button>
        </div>
      </div>
      {asking && (
        <ConfirmPayment text={copy.pay.confirm(formatFcfa(input.amount), copy.pay.by[input.method] ?? '', order.order_number)}
          confirm={() => void confirm()} back={() => setAsking(false)} busy={busy} />
      )}
    </article>
  );
}

export function PayScreen({ localId }: { localId: string }) {
  const order = useLoad(() => getOrder(localId), [localId]);
  if (!order) return null;
  if (!canPay(order)) {
    return (
      <article class="detail">
        <a href={paths.detail(localId)} class="btn-link">← {copy.nav.back}</a>
        <p class="error" role="alert">{copy.pay.notPayable}</p>
      </article>
    );
  }
  return <Pay order={order} />;
}
