import { describe, expect, it } from 'vitest';
import { fields, LAIT, result, serverOrder, YAOURT } from '../test/fixtures';
import { downloadedOrder, returnedValueOf } from '../sync/results';
import { applyResults } from './applyResults';
import { database } from './db';
import { deliverOnTheSpot } from './delivery';
import { createOrder, getOrder, outboxBatch } from './orders';
import { amountDue, recordPayment } from './payments';
import { canReturn, recordReturn, returnable, returnErrors, type ReturnInput } from './returns';
import type { LocalOrder } from './types';

const NOW = new Date('2026-11-24T08:15:00Z');
const LATER = new Date('2026-11-24T09:00:00Z');
const MILK = { product_id: LAIT, product_name: 'Lait frais', unit: 'L', quantity: 1.5, unit_price: 500 };

function input(quantities: ReturnInput['quantities'], reason = '', restock = true): ReturnInput {
  return { quantities, reason, restock };
}

/** 2 pots of yaourt (800 FCFA) and 1,5 L of milk (750 FCFA), placed, delivered unpaid and synced. */
async function deliveredOrder(): Promise<LocalOrder> {
  const order = await createOrder(fields({ items: [...fields().items, MILK] }), [], NOW);
  const items = [
    { product_id: YAOURT, product_name: 'Yaourt nature', unit: 'pot', quantity: 2, unit_price: 400, subtotal: 800 },
    { product_id: LAIT, product_name: 'Lait frais', unit: 'L', quantity: 1.5, unit_price: 500, subtotal: 750 },
  ];
  const placed = serverOrder(order.local_id, { items, total_price: 1550, amount_due: 1550 });
  const [created] = await outboxBatch(10);
  await applyResults([created!], [result(created!.event_id, order.local_id, { order: placed })]);
  await deliverOnTheSpot(order.local_id, { status: 'non_payee' }, NOW);
  const [delivered] = await outboxBatch(10);
  await applyResults([delivered!], [result(delivered!.event_id, order.local_id, {
    order: { ...placed, delivery_status: 'livree', version: 2 },
  })]);
  return (await getOrder(order.local_id))!;
}

/** The server's order once it has taken back goods worth `value`, `paid` having been paid. */
function afterReturn(order: LocalOrder, value: number, paid = 0) {
  return serverOrder(order.local_id, {
    delivery_status: 'livree', version: 3, total_price: 1550, amount_paid: paid, amount_due: Math.max(1550 - value - paid, 0),
    returned_value: value, payment_status: paid === 0 ? 'non_payee' : paid >= 1550 - value ? 'payee' : 'partielle',
  });
}

describe('what may come back', () => {
  it('only a delivered order, and never more than was delivered and not yet given back', async () => {
    const placed = await createOrder(fields(), [], NOW);
    expect(canReturn(placed)).toBe(false);
    const order = await deliveredOrder();
    expect(canReturn(order)).toBe(true);
    expect(returnable(order)).toEqual(new Map([[YAOURT, 2], [LAIT, 1.5]]));
    const after = await recordReturn(order.local_id, input({ [LAIT]: 0.5 }), LATER);
    expect(returnable(after).get(LAIT)).toBe(1);
    const rejected = { ...after, returns: after.returns!.map((r) => ({ ...r, state: 'rejected' as const })) };
    expect(returnable(rejected).get(LAIT)).toBe(1.5);
  });

  it('refuses at the field more than is left, a quantity that is not one, and an empty return', async () => {
    const order = await deliveredOrder();
    expect(returnErrors(order, input({ [LAIT]: 2, [YAOURT]: 1 }))).toEqual({
      byProduct: { [LAIT]: 'Au plus 1,5 L : c’est ce qui a été livré et pas encore rendu.' },
    });
    expect(returnErrors(order, input({ [YAOURT]: null })).byProduct[YAOURT]).toBe('Quantité à écrire en chiffres, par exemple 1 ou 0,5.');
    expect(returnErrors(order, input({ [YAOURT]: 0, [LAIT]: 0 }))).toEqual({
      byProduct: {}, nothing: 'Indiquez au moins une quantité rendue.',
    });
    const after = await recordReturn(order.local_id, input({ [LAIT]: 0.7 }), LATER);
    expect(returnErrors(after, input({ [LAIT]: 0.8 }))).toEqual({ byProduct: {} }); // 0,7 + 0,8 is 1,5 exactly
    expect(returnErrors(after, input({ [LAIT]: 0.9 })).byProduct[LAIT]).toContain('Au plus 0,8 L');
    await expect(recordReturn(order.local_id, input({ [LAIT]: 5 }), LATER)).rejects.toThrow('Au plus 0,8 L');
  });
});

describe('a return recorded on the phone', () => {
  it('queues order_returned with its own local_id and lowers what is due at once', async () => {
    const order = await deliveredOrder();
    const after = await recordReturn(order.local_id, input({ [LAIT]: 1, [YAOURT]: 0 }, ' Sachet percé ', false), LATER);
    const [event] = await outboxBatch(10);
    expect(event).toMatchObject({
      type: 'order_returned', owner: order.local_id, occurred_at: LATER.toISOString(),
      data: { order_local_id: order.local_id, lines: [{ product_id: LAIT, quantity: 1 }], reason: 'Sachet percé', restock: false },
    });
    expect(event!.local_id).not.toBe(order.local_id);
    expect(after).toMatchObject({ state: 'pending', returned_value: 500, total_price: 1550 });
    expect(after.returns).toMatchObject([{ local_id: event!.local_id, value: 500, state: 'pending', rejection: null }]);
    expect(amountDue(after)).toBe(1050);
  });

  it('names an order placed elsewhere by its server id', async () => {
    const server = serverOrder('ignored', { local_id: null, delivery_status: 'livree', version: 4 });
    const downloaded = downloadedOrder(undefined, server, false)!;
    await (await database()).put('orders', downloaded);
    await recordReturn(downloaded.local_id, input({ [YAOURT]: 1 }), LATER);
    const [event] = await outboxBatch(10);
    expect(event!.data).toEqual({ order_id: server.id, lines: [{ product_id: YAOURT, quantity: 1 }], reason: '', restock: true });
  });

  it('marks a paid order paid still, and a part paid one paid once the rest was given back', async () => {
    const order = await deliveredOrder();
    await recordPayment(order.local_id, { amount: 1050, method: 'especes', reference: '' }, LATER);
    const after = await recordReturn(order.local_id, input({ [LAIT]: 1 }), LATER);
    expect(after).toMatchObject({ payment_status: 'payee', amount_paid: 1050 });
    expect(amountDue(after)).toBe(0);
  });
});

describe('the sync of a return', () => {
  it('applied (or a duplicate, resent): the return is sent and the server’s figures are kept', async () => {
    const order = await deliveredOrder();
    await recordReturn(order.local_id, input({ [LAIT]: 0.5 }), LATER);
    const [sent] = await outboxBatch(10);
    await applyResults([sent!], [result(sent!.event_id, sent!.local_id, { status: 'duplicate', order: afterReturn(order, 250) })]);
    const settled = (await getOrder(order.local_id))!;
    expect(settled).toMatchObject({ state: 'synced', returned_value: 250, server_version: 3, amount_paid: 0 });
    expect(settled.returns).toMatchObject([{ state: 'synced', rejection: null }]);
    expect(amountDue(settled)).toBe(1300);
    await expect((await database()).count('outbox')).resolves.toBe(0);
  });

  it('refused: shown in French (once « Retour refusé »), its value owed again', async () => {
    const order = await deliveredOrder();
    await recordReturn(order.local_id, input({ [YAOURT]: 2 }), LATER);
    const [sent] = await outboxBatch(10);
    await applyResults([sent!], [result(sent!.event_id, sent!.local_id, {
      status: 'rejected', order: null,
      error: { code: 'return_refused', detail: 'Retour refusé : 2 rendu(s) pour 0 livré(s) et pas encore rendu(s).' },
    })]);
    const settled = (await getOrder(order.local_id))!;
    expect(settled).toMatchObject({ state: 'synced', returned_value: 0 });
    expect(settled.returns![0]!.rejection).toBe('Retour refusé : 2 rendu(s) pour 0 livré(s) et pas encore rendu(s).');
    expect(amountDue(settled)).toBe(1550);
    expect(canReturn(settled)).toBe(true);
  });

  it('a download keeps the phone’s returns and the value the server gives', async () => {
    const order = await deliveredOrder();
    const after = await recordReturn(order.local_id, input({ [LAIT]: 1 }), LATER);
    const synced = { ...after, returns: after.returns!.map((r) => ({ ...r, state: 'synced' as const })) };
    const downloaded = downloadedOrder(synced, afterReturn(order, 500), false)!;
    expect(downloaded).toMatchObject({ returned_value: 500, returns: synced.returns });
    expect(amountDue(downloaded)).toBe(1050);
  });
});

describe('returnedValueOf', () => {
  it("is the server's returned_value, even when all is paid", () => {
    const overpaid = serverOrder('l', { total_price: 1550, amount_paid: 1550, amount_due: 0, returned_value: 700 });
    expect(returnedValueOf(overpaid)).toBe(700);
  });
});
