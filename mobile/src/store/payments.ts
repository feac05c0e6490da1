/**
 * Payments taken by the vendor (on the spot or later): recorded on the phone with a fresh
 * local_id and queued as `payment_received`; the order shows what is paid and due at once.
 */
import type { PaymentData, PaymentMethod, PaymentStatus } from '../api/types';
import { copy } from '../copy';
import { formatFcfa } from '../lib/money';
import { uuid4 } from '../lib/uuid';
import { database } from './db';
import type { LocalOrder, LocalPayment, OutboxEvent } from './types';

export const METHODS: PaymentMethod[] = ['especes', 'orange_money', 'moov_money', 'virement', 'cheque'];
const NEEDS_REFERENCE = new Set<PaymentMethod>(['orange_money', 'moov_money', 'virement']);

/** What the vendor types: the amount (text while typed), the method, the reference. */
export interface PaymentInput {
  amount: number;
  method: PaymentMethod;
  reference: string;
}

export function needsReference(method: PaymentMethod): boolean {
  return NEEDS_REFERENCE.has(method);
}

type Money = Pick<LocalOrder, 'amount_paid' | 'payment_status' | 'total_price' | 'returned_value'>;

/** What the customer owes for what he kept: the total less the goods given back (as the server's `net_price`). */
export function netPrice(order: Pick<LocalOrder, 'total_price' | 'returned_value'>): number {
  return Math.max(order.total_price - (order.returned_value ?? 0), 0);
}

/** What the phone knows is paid: its own figure, else all of it when marked paid (orders stored before payments). */
export function amountPaid(order: Money): number {
  return order.amount_paid ?? (order.payment_status === 'payee' ? netPrice(order) : 0);
}

export function amountDue(order: Money): number {
  return Math.max(netPrice(order) - amountPaid(order), 0);
}

export function paymentStatusOf(total: number, paid: number): PaymentStatus {
  if (paid <= 0) return 'non_payee';
  return paid >= total ? 'payee' : 'partielle';
}

/** The refusals of a payment before it is recorded (in French), keyed by field. */
export function paymentErrors(input: PaymentInput, due: number): Partial<Record<'amount' | 'reference', string>> {
  const errors: Partial<Record<'amount' | 'reference', string>> = {};
  if (!Number.isInteger(input.amount) || input.amount <= 0) errors.amount = copy.pay.amountInvalid;
  else if (input.amount > due) errors.amount = copy.pay.tooMuch(formatFcfa(due));
  if (needsReference(input.method) && !input.reference.trim()) errors.reference = copy.pay.referenceRequired;
  return errors;
}

/** A payment may be taken on an order that is not cancelled, still owes, and that the server has or will have. */
export function canPay(order: LocalOrder): boolean {
  return order.delivery_status !== 'annulee' && amountDue(order) > 0
    && !(order.state === 'rejected' && order.server_id === null);
}

export function paymentEvent(order: LocalOrder, payment: LocalPayment, at: string): OutboxEvent {
  const placedHere = order.local_id !== order.server_id;
  const data: PaymentData = {
    ...(placedHere ? { order_local_id: order.local_id } : { order_id: order.server_id }),
    amount: payment.amount, method: payment.method,
  };
  if (payment.reference) data.reference = payment.reference;
  data.received_at = payment.received_at;
  return { event_id: uuid4(), local_id: payment.local_id, type: 'payment_received', occurred_at: at, data, owner: order.local_id };
}

/** The order with one more payment: paid and due change on the phone at once. */
export function withPayment(order: LocalOrder, input: PaymentInput, at: string): { order: LocalOrder; payment: LocalPayment } {
  const payment: LocalPayment = {
    local_id: uuid4(), amount: input.amount, method: input.method, reference: input.reference.trim(), received_at: at,
    state: 'pending', rejection: null,
  };
  const paid = amountPaid(order) + input.amount;
  return {
    payment,
    order: {
      ...order, amount_paid: paid, payment_status: paymentStatusOf(netPrice(order), paid),
      payments: [...(order.payments ?? []), payment], updated_at: at, state: order.state === 'rejected' ? order.state : 'pending',
    },
  };
}

/** « Enregistrer un paiement »: the order and its `payment_received` event in one transaction. */
export async function recordPayment(localId: string, input: PaymentInput, now: Date = new Date()): Promise<LocalOrder> {
  const tx = (await database()).transaction(['orders', 'outbox'], 'readwrite');
  const before = await tx.objectStore('orders').get(localId);
  if (!before) throw new Error(`Commande inconnue : ${localId}`);
  if (!canPay(before)) throw new Error(copy.pay.notPayable);
  const at = now.toISOString();
  const { order, payment } = withPayment(before, input, at);
  await Promise.all([
    tx.objectStore('orders').put(order), tx.objectStore('outbox').add(paymentEvent(before, payment, at)), tx.done,
  ]);
  return order;
}
