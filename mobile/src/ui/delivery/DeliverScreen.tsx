/**
 * "Livrer sur place": the lines and the total, "Le client a-t-il payé ?", a confirmation, then the
 * delivery is queued like any edit and shown pending until the server takes the stock out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { formatFcfa, formatQuantity, subtotal } from '../../lib/money';
import { deliverOnTheSpot, isDeliverable } from '../../store/delivery';
import { amountDue, paymentErrors } from '../../store/payments';
import { getOrder } from '../../store/orders';
import type { LocalOrder } from '../../store/types';
import { setState } from '../../state';
import { afterLocalChange } from '../../sync/controller';
import { go, paths } from '../router';
import { useLoad } from '../useAsync';
import { draftFor, inputOf, type PaymentErrors } from '../payments/PaymentForm';
import { PaymentChoice, type SpotChoice } from './PaymentChoice';

function ConfirmDelivery({ text, confirm, back, busy }: { text: string; confirm: () => void; back: () => void; busy: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} class="doubts" aria-labelledby="deliver-title"
      onCancel={(e) => { e.preventDefault(); back(); }}>
      <h2 id="deliver-title">{copy.deliver.confirmTitle}</h2>
      <p><strong>{text}</strong></p>
      <p class="hint">{copy.deliver.stockHint}</p>
      <div class="row">
        <button type="button" class="btn btn-secondary" onClick={back}>{copy.deliver.no}</button>
        <button type="button" class="btn btn-primary" disabled={busy} onClick={confirm}>{copy.deliver.yes}</button>
      </div>
    </dialog>
  );
}

function Deliver({ order }: { order: LocalOrder }) {
  const due = amountDue(order);
  const [choice, setChoice] = useState<SpotChoice | null>(null);
  const [draft, setDraft] = useState(() => draftFor(due));
  const [payErrors, setPayErrors] = useState<PaymentErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = inputOf(draft);
  const takesMoney = choice === 'payee' && due > 0;

  function choose(next: SpotChoice) {
    setChoice(next);
    setError(null);
  }

  function ask() {
    if (!choice) return setError(copy.deliver.choose);
    const found = takesMoney ? paymentErrors(input, due) : {};
    setPayErrors(found);
    if (Object.keys(found).length > 0) return;
    setAsking(true);
  }

  async function confirm() {
    if (!choice) return;
    setBusy(true);
    await deliverOnTheSpot(order.local_id, takesMoney ? { status: 'payee', payment: input } : { status: choice });
    // Goods the customer hands back at once (a torn sachet…) are recorded from the confirmation.
    setState({ flash: copy.deliver.done(order.order_number), flashAction: { label: copy.returns.afterDelivery, href: paths.giveBack(order.local_id) } });
    await afterLocalChange();
    go(paths.detail(order.local_id), true);
  }

  const text = takesMoney
    ? copy.deliver.confirm(order.order_number, formatFcfa(input.amount), copy.pay.by[input.method] ?? '',
      input.amount < due ? formatFcfa(due - input.amount) : null)
    : copy.deliver.confirm(order.order_number, formatFcfa(order.total_price), choice === 'payee' ? copy.pay.by.especes! : null, null);
  return (
    <article class="detail deliver">
      <a href={paths.detail(order.local_id)} class="btn-link">← {copy.nav.back}</a>
      <h1>{copy.deliver.title(order.order_number)}</h1>
      <p><strong>{order.client_name}</strong></p>
      <p class="hint">{copy.deliver.intro}</p>
      <section>
        <h2>{copy.list.products}</h2>
        <ul class="lines">
          {order.items.map((line) => (
            <li key={line.product_id}>
              <span>{formatQuantity(line.quantity)} {line.unit} × {line.product_name}</span>
              <span>{formatFcfa(subtotal(line.quantity, line.unit_price))}</span>
            </li>
          ))}
        </ul>
        <p class="total-line"><span>{copy.products.total}</span> <strong>{formatFcfa(order.total_price)}</strong></p>
      </section>
      <PaymentChoice value={choice} choose={choose} draft={draft} changeDraft={setDraft} errors={payErrors} error={error} />
      <div class="wizard-nav">
        <div class="row">
          <a class="btn btn-secondary" href={paths.detail(order.local_id)}>{copy.wizard.cancel}</a>
          <button type="button" class="btn btn-primary" onClick={ask}>{copy.deliver.submit}</button>
        </div>
      </div>
      {asking && (
        <ConfirmDelivery text={text}
          confirm={() => void confirm()} back={() => setAsking(false)} busy={busy} />
      )}
    </article>
  );
}

export function DeliverScreen({ localId }: { localId: string }) {
  const order = useLoad(() => getOrder(localId), [localId]);
  if (!order) return null;
  if (!isDeliverable(order)) {
    return (
      <article class="detail">
        <a href={paths.detail(localId)} class="btn-link">← {copy.nav.back}</a>
        <p class="error" role="alert">{copy.deliver.notDeliverable}</p>
      </article>
    );
  }
  return <Deliver order={order} />;
}
