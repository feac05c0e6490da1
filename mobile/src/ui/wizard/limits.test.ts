import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../../store/types';
import { emptyFields } from './draft';
import { unusualOrder } from './limits';

const TODAY = '2026-11-29';

function line(unit: string, quantity: number, unit_price = 100): OrderLine {
  return { product_id: unit, product_name: `Produit en ${unit}`, unit, unit_price, quantity };
}

function doubts(items: OrderLine[], delivery_date = TODAY): string[] {
  return unusualOrder({ ...emptyFields(), items, delivery_date }, TODAY);
}

describe('an unusual order', () => {
  it('is nothing to ask about within the bounds', () => {
    expect(doubts([line('sachet', 200), line('L', 100)], '2026-12-29')).toEqual([]);
  });

  it('asks about a total above 500 000 FCFA', () => {
    expect(doubts([line('pièce', 2, 250_001)])).toEqual(['Total de 500\u00a0002\u00a0FCFA, plus de 500\u00a0000\u00a0FCFA.']);
  });

  it('asks about a quantity above its unit’s bound', () => {
    expect(doubts([line('sachet', 201), line('L', 100.5), line('bidon', 50)]))
      .toEqual(['201 sachet de Produit en sachet : c’est beaucoup.', '100,5 L de Produit en L : c’est beaucoup.']);
    expect(doubts([line('carton', 201)])).toHaveLength(1);
  });

  it('asks about a delivery in the past or more than 30 days ahead', () => {
    expect(doubts([], '2026-11-28')).toEqual(['Livraison le 28/11/2026 : cette date est passée.']);
    expect(doubts([], '2026-12-30')).toEqual(['Livraison le 30/12/2026 : dans plus de 30 jours.']);
    expect(doubts([], '')).toEqual([]);
  });
});
