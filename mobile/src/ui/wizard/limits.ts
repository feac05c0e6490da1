/** Bounds beyond which the phone asks before saving: most likely a typo, yet sometimes a real order. */
import { copy } from '../../copy';
import { addDays, formatDay } from '../../lib/dates';
import { formatFcfa, formatQuantity, total } from '../../lib/money';
import { amountDue } from '../../store/payments';
import type { LocalCustomer, LocalOrder, OrderFields } from '../../store/types';

export const LIMITS = {
  totalFcfa: 500_000,
  quantityByUnit: { sachet: 200, pot: 200, L: 100, bouteille: 100, bidon: 50 } as Record<string, number>,
  quantityOtherUnits: 200,
  daysAhead: 30,
};

/** What to confirm before saving (in French), or nothing. */
export function unusualOrder(fields: OrderFields, today: string): string[] {
  const doubts: string[] = [];
  const amount = total(fields.items);
  if (amount > LIMITS.totalFcfa) doubts.push(copy.limits.total(formatFcfa(amount), formatFcfa(LIMITS.totalFcfa)));
  for (const line of fields.items) {
    const bound = LIMITS.quantityByUnit[line.unit] ?? LIMITS.quantityOtherUnits;
    if (line.quantity > bound) doubts.push(copy.limits.quantity(formatQuantity(line.quantity), line.unit, line.product_name));
  }
  const day = fields.delivery_date;
  if (day && day < today) doubts.push(copy.limits.past(formatDay(day)));
  if (day && day > addDays(today, LIMITS.daysAhead)) doubts.push(copy.limits.farAhead(formatDay(day), LIMITS.daysAhead));
  return doubts;
}

/**
 * « Ce client doit déjà X FCFA depuis le … »: the vendor's brief view has no credit limit, so any
 * debt is worth a word before more goes on credit. The date is his oldest order still owing that
 * the phone knows of (left out when it knows none).
 */
export function debtWarning(customer: Pick<LocalCustomer, 'id' | 'balance'> | undefined, orders: LocalOrder[]): string | null {
  if (!customer || customer.balance <= 0) return null;
  const owing = orders
    .filter((o) => o.customer_id === customer.id && o.delivery_status !== 'annulee' && amountDue(o) > 0)
    .map((o) => o.created_at)
    .sort();
  const since = owing[0] ? formatDay(owing[0].slice(0, 10)) : null;
  return copy.customers.owesAlready(formatFcfa(customer.balance), since);
}
