import { describe, expect, it } from 'vitest';
import cases from './line-totals.cases.json';
import { formatFcfa, parseQuantity, subtotal, total } from './money';

describe('money', () => {
  it('writes FCFA with a space between thousands', () => {
    expect(formatFcfa(1250).replace(/\u00a0/g, ' ')).toBe('1 250 FCFA');
    expect(formatFcfa(1_234_567).replace(/\u00a0/g, ' ')).toBe('1 234 567 FCFA');
    expect(formatFcfa(0).replace(/\u00a0/g, ' ')).toBe('0 FCFA');
  });

  it('rounds subtotals as the server does, without float drift', () => {
    expect(subtotal(2.5, 450)).toBe(1125);
    expect(subtotal(0.1 + 0.2, 1000)).toBe(300);
    expect(total([{ quantity: 2, unit_price: 400 }, { quantity: 1.5, unit_price: 700 }])).toBe(1850);
  });

  it('reads quantities typed with a comma', () => {
    expect(parseQuantity('2,5')).toBe(2.5);
    expect(parseQuantity(' 3 ')).toBe(3);
    expect(parseQuantity('1,23456')).toBe(1.235);
    expect(parseQuantity('deux')).toBeNull();
    expect(parseQuantity('2,')).toBeNull(); // half typed: the total waits for the decimal
  });

  it('computes the same line subtotals as the server, halves rounded up (shared cases)', () => {
    for (const line of cases.lines) {
      expect([line.quantity, line.unit_price, subtotal(Number(line.quantity), line.unit_price)])
        .toEqual([line.quantity, line.unit_price, line.subtotal]);
    }
  });

  it('totals an order line by line, as the server does (shared cases)', () => {
    for (const order of cases.orders) {
      const lines = order.lines.map(([quantity, unitPrice]) => ({
        quantity: Number(quantity), unit_price: Number(unitPrice) }));
      expect(total(lines)).toBe(order.total);
    }
  });
});
