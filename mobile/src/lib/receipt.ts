/**
 * The receipt as text for WhatsApp, built offline from the order the phone keeps: the same
 * 32-column text the server gives (`GET /api/orders/{id}/receipt/`, `Accept: text/plain`).
 */
import { formatFcfa, formatQuantity, subtotal } from './money';

export const RECEIPT_WIDTH = 32;
const RULE = '-'.repeat(RECEIPT_WIDTH);
const SHOP = 'Gapal du Faso — Koudougou';
const BURKINA = /^\+226(\d\d)(\d\d)(\d\d)(\d\d)$/;

export interface ReceiptLine {
  product_name: string;
  unit: string;
  quantity: number;
  unit_price: number;
}

/** What the receipt needs of an order; `amount_paid`/`amount_due` when the order knows them. */
export interface ReceiptOrder {
  order_number: string;
  created_at: string;
  delivery_date: string;
  delivery_status: string;
  payment_status: string;
  client_name: string;
  client_phone: string;
  total_price: number;
  items: ReceiptLine[];
  amount_paid?: number | null;
  amount_due?: number | null;
  /** The payments taken on this phone (a refused one is left out), listed as the server lists payments. */
  payments?: ReceiptPayment[];
}

export interface ReceiptPayment {
  amount: number;
  method: string;
  reference: string;
  received_at: string;
  state?: string;
}

const METHOD_NAMES: Record<string, string> = {
  especes: 'Espèces', orange_money: 'Orange Money', moov_money: 'Moov Money', virement: 'Virement', cheque: 'Chèque',
};

/** "29/11/2026 14:05"; Koudougou's time is UTC all year. */
export function receiptMoment(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`;
}

function receiptDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}/${month}/${year}`;
}

function receiptPhone(phone: string): string {
  const match = BURKINA.exec(phone);
  return match ? `+226 ${match.slice(1).join(' ')}` : phone;
}

/** (paid, due): the order's own figures, else all of it when paid, nothing when not. */
export function receiptAmounts(order: ReceiptOrder): [number, number] {
  const paid = order.amount_paid ?? (order.payment_status === 'payee' ? order.total_price : 0);
  return [paid, order.amount_due ?? Math.max(order.total_price - paid, 0)];
}

/** A row longer than the width, broken between words; an indented row stays indented. */
export function wrapRow(row: string, width: number = RECEIPT_WIDTH): string[] {
  if (row.length <= width) return [row];
  const indent = /^ */.exec(row)![0];
  const rows: string[] = [];
  let current = indent;
  for (const word of row.slice(indent.length).split(' ').filter(Boolean)) {
    let rest = word;
    while (current.trim() === '' && indent.length + rest.length > width) {
      rows.push(indent + rest.slice(0, width - indent.length));
      rest = rest.slice(width - indent.length);
    }
    if (current.trim() === '') current = indent + rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      rows.push(current);
      current = indent + rest;
    }
  }
  rows.push(current);
  return rows;
}

export function receiptText(order: ReceiptOrder, vendor: string): string {
  const [paid, due] = receiptAmounts(order);
  const parts = [SHOP, 'Reçu de commande', `N° ${order.order_number}`];
  if (order.delivery_status === 'annulee') parts.push('COMMANDE ANNULÉE');
  parts.push(`Date : ${receiptMoment(order.created_at)}`);
  if (order.delivery_date) parts.push(`Livraison : ${receiptDay(order.delivery_date)}`);
  parts.push(`Client : ${order.client_name}`);
  if (order.client_phone) parts.push(`Tél. : ${receiptPhone(order.client_phone)}`);
  parts.push(RULE);
  for (const line of order.items) {
    parts.push(`${formatQuantity(line.quantity)} ${line.unit} ${line.product_name}`,
      `  × ${formatFcfa(line.unit_price)} = ${formatFcfa(subtotal(line.quantity, line.unit_price))}`);
  }
  parts.push(RULE, `Total : ${formatFcfa(order.total_price)}`, `Payé : ${formatFcfa(paid)}`,
    `Reste à payer : ${formatFcfa(due)}`);
  // As the server lists them (api/receipts/receipt_text.py); the vendor received those taken here.
  const payments = (order.payments ?? []).filter((p) => p.state !== 'rejected');
  if (payments.length > 0) parts.push(RULE, 'Paiements :');
  for (const payment of payments) {
    const reference = payment.reference ? ` (réf. ${payment.reference})` : '';
    parts.push(`- ${receiptMoment(payment.received_at)} ${METHOD_NAMES[payment.method] ?? payment.method}`,
      `  ${formatFcfa(payment.amount)}${reference}`);
    if (vendor) parts.push(`  reçu par ${vendor}`);
  }
  parts.push(RULE);
  if (vendor) parts.push(`Vendeur : ${vendor}`);
  parts.push('Merci de votre confiance !');
  return `${parts.flatMap((row) => wrapRow(row)).join('\n')}\n`;
}

/** The digits wa.me wants: `+22670123456` → `22670123456`. */
export function whatsappNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^00/, '');
  return digits.length === 8 ? `226${digits}` : digits;
}

/** A WhatsApp chat with the client, the receipt typed in; without a phone WhatsApp asks to whom. */
export function whatsappLink(phone: string, text: string): string {
  return `https://wa.me/${whatsappNumber(phone)}?text=${encodeURIComponent(text)}`;
}
