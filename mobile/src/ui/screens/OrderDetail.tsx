/** One order as the phone knows it: what the server changed or refused, its lines, its voice notes. */
import { copy } from '../../copy';
import { formatDay } from '../../lib/dates';
import { formatFcfa, formatQuantity, subtotal } from '../../lib/money';
import { displayPhone } from '../../lib/phone';
import { receiptText, whatsappLink } from '../../lib/receipt';
import { isDeliverable } from '../../store/delivery';
import { getOrder, isEditable } from '../../store/orders';
import { amountDue, amountPaid, canPay } from '../../store/payments';
import { canReturn } from '../../store/returns';
import { notesOf } from '../../store/voiceNotes';
import type { Conflict } from '../../api/types';
import type { LocalOrder, LocalPayment, LocalReturn } from '../../store/types';
import { useAppState } from '../../state';
import { Flash } from '../components/Flash';
import { StateBadge } from '../components/StateBadge';
import { VoicePlayer } from '../components/VoicePlayer';
import { paths } from '../router';
import { useLoad } from '../useAsync';

function fieldName(field: string): string {
  const last = field.split('.').pop() ?? field;
  return copy.list.fields[field] ?? copy.list.fields[last] ?? field;
}

function ConflictList({ conflicts }: { conflicts: Conflict[] }) {
  if (conflicts.length === 0) return null;
  return (
    <ul class="conflicts">
      {conflicts.map((c, i) => <li key={i}>{copy.list.conflict(fieldName(c.field), c.kept)}</li>)}
    </ul>
  );
}

function paymentState(payment: LocalPayment): string {
  if (payment.state === 'rejected') return payment.rejection ?? copy.pay.refused(copy.pay.refusedUnknown);
  return payment.state === 'pending' ? copy.pay.pending : copy.pay.synced;
}

function returnState(given: LocalReturn): string {
  if (given.state === 'rejected') return given.rejection ?? copy.returns.refused(copy.returns.refusedUnknown);
  return given.state === 'pending' ? copy.returns.pending : copy.returns.synced;
}

/** The goods given back, recorded on this phone: what, worth how much, and whether the server has it. */
function Returns({ order }: { order: LocalOrder }) {
  const returns = order.returns ?? [];
  if (returns.length === 0) return null;
  const line = (productId: string, quantity: number) => {
    const item = order.items.find((i) => i.product_id === productId);
    return copy.returns.line(formatQuantity(quantity), item?.unit ?? '', item?.product_name ?? productId);
  };
  return (
    <section class="money" aria-label={copy.returns.list}>
      <h3>{copy.returns.list}</h3>
      <ul class="payments">
        {returns.map((r) => (
          <li key={r.local_id} class={r.state === 'rejected' ? 'payment-rejected' : undefined}>
            {r.lines.map((l) => line(l.product_id, l.quantity)).join(', ')} · {formatFcfa(r.value)} · {r.restock ? copy.returns.restocked : copy.returns.lost}
            {' — '}<span role={r.state === 'rejected' ? 'alert' : undefined}>{returnState(r)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Given back, paid and due as the phone knows them now, and the payments taken on this phone. */
function Money({ order }: { order: LocalOrder }) {
  const payments = order.payments ?? [];
  const returned = order.returned_value ?? 0;
  return (
    <section class="money" aria-label={copy.pay.payments}>
      {returned > 0 && (
        <p class="money-line"><span>{copy.returns.returnedLabel}</span> <span>{formatFcfa(-returned)}</span></p>
      )}
      <p class="money-line"><span>{copy.pay.paidLabel}</span> <span>{formatFcfa(amountPaid(order))}</span></p>
      <p class="money-line"><span>{copy.pay.dueLabel}</span> <strong>{formatFcfa(amountDue(order))}</strong></p>
      {payments.length > 0 && (
        <ul class="payments">
          {payments.map((p) => (
            <li key={p.local_id} class={p.state === 'rejected' ? 'payment-rejected' : undefined}>
              {copy.pay.line(formatFcfa(p.amount), copy.pay.methods[p.method] ?? p.method, p.reference)} — <span role={p.state === 'rejected' ? 'alert' : undefined}>{paymentState(p)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The receipt, written from what the phone knows (offline too), to send the client on WhatsApp. */
function ShareReceipt({ order }: { order: LocalOrder }) {
  const { user } = useAppState();
  // What is due counts the goods given back, as on the server's receipt.
  const text = receiptText({ ...order, amount_due: amountDue(order) }, user?.username ?? '');
  const share = () => {
    navigator.share({ title: copy.receipt.title(order.order_number), text }).catch(() => undefined);
  };
  return (
    <section aria-label={copy.receipt.share} class="receipt-share">
      <a class="btn btn-secondary btn-block" href={whatsappLink(order.client_phone, text)} target="_blank" rel="noopener noreferrer">
        {copy.receipt.whatsapp}
      </a>
      {typeof navigator.share === 'function' && (
        <button type="button" class="btn btn-secondary btn-block" onClick={share}>{copy.receipt.other}</button>
      )}
    </section>
  );
}

export function OrderDetail({ localId }: { localId: string }) {
  const { revision } = useAppState();
  const order = useLoad(() => getOrder(localId), [localId, revision]);
  const notes = useLoad(() => notesOf(localId), [localId, revision]);
  if (!order) return null;
  return (
    <article class="detail">
      <Flash />
      <a href={paths.orders} class="btn-link">← {copy.nav.myOrders}</a>
      <h1 class="order-number">{order.order_number}</h1>
      <StateBadge state={order.state} />
      <span class="delivery"> {copy.delivery[order.delivery_status]}</span>
      {order.state === 'rejected' && order.rejection && <p class="error" role="alert">{order.rejection.detail}</p>}
      {order.state === 'merged' && <p class="banner banner-info">{copy.list.mergedHint}</p>}
      <ConflictList conflicts={order.conflicts} />
      <section>
        <h2>{copy.list.client}</h2>
        <p><strong>{order.client_name}</strong></p>
        {order.client_phone && <p>{displayPhone(order.client_phone)}</p>}
        {order.delivery_address && <p>{order.delivery_address}</p>}
        {order.delivery_date && <p>{copy.client.date} : {formatDay(order.delivery_date)}</p>}
        <p>{copy.priority.legend} : {copy.priority.labels[order.priority]} · {copy.pay.status[order.payment_status]}</p>
        {order.customer_known && <p class="banner banner-info">{order.customer_known}</p>}
      </section>
      <section>
        <h2>{copy.list.products}</h2>
        <ul class="lines">
          {order.items.map((line) => (
            <li key={line.product_id}>
              <span>{formatQuantity(line.quantity)} × {line.product_name}</span>
              <span>{formatFcfa(subtotal(line.quantity, line.unit_price))}</span>
            </li>
          ))}
        </ul>
        <p class="total-line"><span>{copy.products.total}</span> <strong>{formatFcfa(order.total_price)}</strong></p>
        <Money order={order} />
        <Returns order={order} />
      </section>
      <section>
        <h2>{copy.notes.label}</h2>
        <p class="notes-text">{order.notes || copy.list.noNotes}</p>
        {notes?.map((note, i) => (
          <VoicePlayer key={note.local_id} blob={note.blob} label={copy.voice.label(i + 1, note.duration_seconds)}
            status={note.failure ?? (note.uploaded ? copy.voice.sent : copy.voice.waiting)} />
        ))}
      </section>
      <ShareReceipt order={order} />
      {isEditable(order) && (
        <a class="btn btn-primary btn-block" href={paths.edit(order.local_id)}>{copy.list.edit}</a>
      )}
      {canPay(order) && (
        <a class="btn btn-secondary btn-block pay-action" href={paths.pay(order.local_id)}>{copy.pay.action}</a>
      )}
      {canReturn(order) && (
        <a class="btn btn-secondary btn-block return-action" href={paths.giveBack(order.local_id)}>{copy.returns.action}</a>
      )}
      {isDeliverable(order) && (
        <a class="btn btn-secondary btn-block deliver-action" href={paths.deliver(order.local_id)}>{copy.deliver.action}</a>
      )}
    </article>
  );
}
