import { describe, expect, it } from 'vitest';
import { receiptAmounts, receiptText, whatsappLink, wrapRow, type ReceiptOrder } from './receipt';

const NB = '\u00a0';
const ORDER: ReceiptOrder = {
  order_number: '261129-AB12CD', created_at: '2026-11-29T14:05:00Z', delivery_date: '2026-11-30',
  delivery_status: 'nouvelle', payment_status: 'non_payee', client_name: 'Françoise Ouédraogo',
  client_phone: '+22676451289', total_price: 13125,
  items: [
    { product_name: 'Lait frais de vache (1 L)', unit: 'L', quantity: 25, unit_price: 500 },
    { product_name: 'Gapal (sachet 0,5 L)', unit: 'sachet', quantity: 2.5, unit_price: 250 },
  ],
};

describe('the receipt built offline', () => {
  it('reads as the server writes it, in French', () => {
    expect(receiptText(ORDER, 'salif')).toBe([
      'Gapal du Faso — Koudougou',
      'Reçu de commande',
      'N° 261129-AB12CD',
      'Date : 29/11/2026 14:05',
      'Livraison : 30/11/2026',
      'Client : Françoise Ouédraogo',
      'Tél. : +226 76 45 12 89',
      '-'.repeat(32),
      '25 L Lait frais de vache (1 L)',
      `  × 500${NB}FCFA = 12${NB}500${NB}FCFA`,
      '2,5 sachet Gapal (sachet 0,5 L)',
      `  × 250${NB}FCFA = 625${NB}FCFA`,
      '-'.repeat(32),
      `Total : 13${NB}125${NB}FCFA`,
      `Payé : 0${NB}FCFA`,
      `Reste à payer : 13${NB}125${NB}FCFA`,
      '-'.repeat(32),
      'Vendeur : salif',
      'Merci de votre confiance !',
      '',
    ].join('\n'));
  });

  it('owes nothing once paid, and uses the order’s own amounts when it has them', () => {
    expect(receiptAmounts({ ...ORDER, payment_status: 'payee' })).toEqual([13125, 0]);
    expect(receiptAmounts({ ...ORDER, amount_paid: 5000, amount_due: 8125 })).toEqual([5000, 8125]);
    expect(receiptText({ ...ORDER, payment_status: 'payee' }, 'salif'))
      .toContain(`Payé : 13${NB}125${NB}FCFA\nReste à payer : 0${NB}FCFA\n`);
  });

  it('says when the order is cancelled and leaves out what the order lacks', () => {
    const text = receiptText({ ...ORDER, delivery_status: 'annulee', client_phone: '', delivery_date: '' }, '');
    expect(text).toContain('COMMANDE ANNULÉE');
    expect(text).not.toContain('Tél.');
    expect(text).not.toContain('Livraison');
    expect(text).not.toContain('Vendeur');
  });

  it('keeps every row within 32 columns, amounts whole', () => {
    const text = receiptText({
      ...ORDER, client_name: "Œuvre Sainte-Thérèse de l'Enfant-Jésus (cantine scolaire)",
      items: [{ product_name: 'Fromage', unit: 'kg', quantity: 1000, unit_price: 1_250_000 }],
      total_price: 1_250_000_000,
    }, 'salif');
    for (const row of text.split('\n')) expect(row.length).toBeLessThanOrEqual(32);
    expect(text).toContain('Client : Œuvre Sainte-Thérèse de\nl\'Enfant-Jésus (cantine');
    expect(text).toContain(`1${NB}250${NB}000${NB}000${NB}FCFA`);
  });

  it('wraps between words, indented rows stay indented', () => {
    expect(wrapRow('  aaaa bbbb cccc', 10)).toEqual(['  aaaa', '  bbbb', '  cccc']);
    expect(wrapRow('court', 10)).toEqual(['court']);
  });

  it('opens WhatsApp with the client and the text', () => {
    const link = whatsappLink('+22676451289', receiptText(ORDER, 'salif'));
    expect(link.startsWith('https://wa.me/22676451289?text=Gapal%20du%20Faso')).toBe(true);
    expect(link).toContain('261129-AB12CD');
    expect(whatsappLink('', 'Reçu')).toBe('https://wa.me/?text=Re%C3%A7u');
  });
});
