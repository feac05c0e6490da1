import { describe, expect, it } from 'vitest';
import { receiptText } from '../lib/receipt';
import { fields, result, serverOrder } from '../test/fixtures';
import { debtWarning } from '../ui/wizard/limits';
import { applyResults } from './applyResults';
import { database } from './db';
import { deliverOnTheSpot } from './delivery';
import { createOrder, getOrder, outboxBatch } from './orders';
import { amountDue, canPay, paymentErrors, recordPayment } from './payments';

const NOW = new Date('2026-11-24T08:15:00Z');
const LATER = new Date('2026-11-24T09:00:00Z');
const NB = '\u00a0';

async function syncedOrder() {
  const order = await createOrder(fields(), [], NOW); // total 800
  const sent = await outboxBatch(10);
  await applyResults(sent, [result(sent[0]!.event_id, order.local_id)]);
  return (await getOrder(order.local_id))!;
}

describe('a payment taken on the phone', () => {
  it('queues payment_received with a fresh local_id and shows the order paid in part at once', async () => {
    const order = await syncedOrder();
    const after = await recordPayment(order.local_id, { amount: 300, method: 'orange_money', reference: ' OM-123 ' }, LATER);
    const [event] = await outboxBatch(10);
    expect(event).toMatchObject({
      type: 'payment_received', owner: order.local_id,
      data: { order_local_id: order.local_id, amount: 300, method: 'orange_money', reference: 'OM-123', received_at: LATER.toISOString() },
    });
    expect(event!.local_id).not.toBe(order.local_id);
    expect(after).toMatchObject({ amount_paid: 300, payment_status: 'partielle', state: 'pending' });
    expect(amountDue(after)).toBe(500);
    expect(after.payments).toMatchObject([{ local_id: event!.local_id, amount: 300, state: 'pending' }]);
    await recordPayment(order.local_id, { amount: 500, method: 'especes', reference: '' }, LATER);
    const paid = (await getOrder(order.local_id))!;
    expect(paid).toMatchObject({ amount_paid: 800, payment_status: 'payee' });
    expect(canPay(paid)).toBe(false);
  });

  it('refuses a wrong amount, too much, or mobile money without a reference', () => {
    expect(paymentErrors({ amount: 0, method: 'especes', reference: '' }, 800)).toHaveProperty('amount');
    expect(paymentErrors({ amount: Number.NaN, method: 'especes', reference: '' }, 800)).toHaveProperty('amount');
    expect(paymentErrors({ amount: 900, method: 'especes', reference: '' }, 800).amount).toBe(`Plus que le reste dû (800${NB}FCFA).`);
    expect(paymentErrors({ amount: 400, method: 'moov_money', reference: ' ' }, 800)).toHaveProperty('reference');
    expect(paymentErrors({ amount: 400, method: 'virement', reference: 'V1' }, 800)).toEqual({});
    expect(paymentErrors({ amount: 400, method: 'cheque', reference: '' }, 800)).toEqual({});
  });

  it('delivered on the spot: the order_updated first, then the payment', async () => {
    const order = await syncedOrder();
    const after = await deliverOnTheSpot(order.local_id,
      { status: 'payee', payment: { amount: 400, method: 'orange_money', reference: 'OM-9' } }, LATER);
    const [delivered, payment] = await outboxBatch(10);
    expect(delivered).toMatchObject({ type: 'order_updated', data: { delivery_status: 'livree' } });
    expect(delivered!.data).not.toHaveProperty('payment_status');
    expect(payment).toMatchObject({ type: 'payment_received', data: { amount: 400, reference: 'OM-9' } });
    expect(after).toMatchObject({ delivery_status: 'livree', amount_paid: 400, payment_status: 'partielle' });
  });

  it('takes the server’s figures when accepted, and shows a refusal in French', async () => {
    const order = await syncedOrder();
    await recordPayment(order.local_id, { amount: 300, method: 'orange_money', reference: 'OM-1' }, LATER);
    await recordPayment(order.local_id, { amount: 200, method: 'orange_money', reference: 'OM-1' }, LATER);
    const [first, second] = await outboxBatch(10);
    const server = serverOrder(order.local_id, { amount_paid: 300, amount_due: 500, payment_status: 'partielle', version: 2 });
    await applyResults([first!, second!], [
      result(first!.event_id, first!.local_id, { order: server }),
      result(second!.event_id, second!.local_id, {
        status: 'rejected', order: server,
        error: { code: 'payment_reference_used', detail: 'Cette référence de paiement est déjà utilisée.' },
      }),
    ]);
    const settled = (await getOrder(order.local_id))!;
    expect(settled).toMatchObject({ state: 'synced', amount_paid: 300, payment_status: 'partielle', server_version: 2 });
    expect(settled.payments?.map((p) => [p.state, p.rejection])).toEqual([
      ['synced', null], ['rejected', 'Paiement refusé : Cette référence de paiement est déjà utilisée.'],
    ]);
    await expect((await database()).count('outbox')).resolves.toBe(0);
  });

  it('a refused payment without the order takes its amount back off what is paid', async () => {
    const order = await syncedOrder();
    await recordPayment(order.local_id, { amount: 300, method: 'especes', reference: '' }, LATER);
    const [sent] = await outboxBatch(10);
    await applyResults([sent!], [result(sent!.event_id, sent!.local_id, {
      status: 'rejected', order: null, error: { code: 'overpayment', detail: 'Plus que le reste dû.' },
    })]);
    expect(await getOrder(order.local_id)).toMatchObject({ amount_paid: 0, payment_status: 'non_payee', state: 'synced' });
  });

  it('the receipt lists the payments taken on the phone and the rest due', async () => {
    const order = await syncedOrder();
    const after = await recordPayment(order.local_id, { amount: 300, method: 'orange_money', reference: 'OM-77' }, LATER);
    const text = receiptText(after, 'salif');
    expect(text).toContain([
      `Total : 800${NB}FCFA`, `Payé : 300${NB}FCFA`, `Reste à payer : 500${NB}FCFA`, '-'.repeat(32), 'Paiements :',
      '- 24/11/2026 09:00 Orange Money', `  300${NB}FCFA (réf. OM-77)`, '  reçu par salif', '-'.repeat(32),
    ].join('\n'));
  });
});

describe('the debt warning', () => {
  it('says what a customer owes and since when the phone knows him owing', async () => {
    const owing = await createOrder(fields({ customer_id: 'c-1' }), [], NOW);
    const customer = { id: 'c-1', balance: 2500 };
    expect(debtWarning(customer, [owing])).toBe(`Ce client doit déjà 2${NB}500${NB}FCFA depuis le 24/11/2026.`);
    expect(debtWarning(customer, [])).toBe(`Ce client doit déjà 2${NB}500${NB}FCFA.`);
    expect(debtWarning({ id: 'c-1', balance: 0 }, [owing])).toBeNull();
    expect(debtWarning(undefined, [owing])).toBeNull();
  });
});
