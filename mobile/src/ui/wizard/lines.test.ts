import { describe, expect, it } from 'vitest';
import type { Product } from '../../store/types';
import { addOne, hasKindPrice, priceFor, repriced, withQuantity } from './lines';
import { applyScan } from './scan';

function product(id: string, unit_price: number, prices_by_kind: Record<string, number> = {}, barcode: string | null = null): Product {
  return {
    id, name: `Produit ${id}`, barcode, unit: 'L', unit_price, prices_by_kind, category_id: 'c', category_name: 'Lait',
    stock_quantity: '10', min_stock_level: '1', is_active: true, is_low_stock: false, expiration_date: null,
    created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z', version: 1,
  } as unknown as Product;
}

const LAIT = product('l', 500, { revendeur: 450, hotel: 520 }, '6190001000018');
const GAPAL = product('g', 250);

describe('the price a customer pays', () => {
  it('is his kind’s price when the product has one, else the base price', () => {
    expect(priceFor(LAIT, 'revendeur')).toBe(450);
    expect(priceFor(LAIT, 'hotel')).toBe(520);
    expect(priceFor(LAIT, 'maquis')).toBe(500);
    expect(priceFor(LAIT, null)).toBe(500);
    expect(priceFor(GAPAL, 'revendeur')).toBe(250);
    expect([hasKindPrice(LAIT, 'revendeur'), hasKindPrice(LAIT, 'maquis'), hasKindPrice(LAIT, null)]).toEqual([true, false, false]);
  });

  it('is the base price for a product cached before prices per kind existed', () => {
    const old = { ...LAIT, prices_by_kind: undefined } as unknown as Product;
    expect(priceFor(old, 'revendeur')).toBe(500);
  });

  it('is the one a new line takes, from the steppers and from a scan', () => {
    expect(withQuantity([], LAIT, 2, 'revendeur')).toEqual([
      { product_id: 'l', product_name: 'Produit l', unit: 'L', unit_price: 450, quantity: 2 }]);
    expect(addOne([], LAIT, 'hotel')[0]?.unit_price).toBe(520);
    expect(addOne([], LAIT)[0]?.unit_price).toBe(500);
    const scanned = applyScan([LAIT], [], '6190001000018', 'revendeur');
    expect(scanned.kind === 'added' && scanned.items[0]?.unit_price).toBe(450);
  });

  it('follows a new customer: the lines are repriced for his kind, untouched when nothing changes', () => {
    const lines = [...withQuantity([], LAIT, 2, null), ...withQuantity([], GAPAL, 1, null)];
    const resold = repriced(lines, [LAIT, GAPAL], 'revendeur');
    expect(resold.map((line) => line.unit_price)).toEqual([450, 250]);
    expect(resold[1]).toBe(lines[1]);
    expect(repriced(resold, [LAIT, GAPAL], 'revendeur')).toBe(resold);
    expect(repriced(resold, [LAIT, GAPAL], null).map((line) => line.unit_price)).toEqual([500, 250]);
  });
});
