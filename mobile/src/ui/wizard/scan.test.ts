import { describe, expect, it } from 'vitest';
import type { Product } from '../../store/types';
import { applyScan, canScan, findByBarcode, ScanGate } from './scan';

function product(id: string, name: string, barcode: string | null, unit = 'pot', unit_price = 150): Product {
  return {
    id, name, barcode, unit, unit_price, category_id: 'c', category_name: 'Produits laitiers', description: '',
    stock_quantity: '10', min_stock_level: '1', is_active: true, is_low_stock: false, expiration_date: null,
    created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z', version: 1,
  } as unknown as Product;
}

const YAOURT = product('y', 'Yaourt nature (pot 125 g)', '6190001000100');
const LAIT = product('l', 'Lait frais de vache (1 L)', ' 6190001000018 ', 'L', 500);
const SANS = product('s', 'Fromage', null);
const PRODUCTS = [SANS, YAOURT, LAIT];

describe('barcode lookup', () => {
  it('finds the product by its barcode, spaces trimmed on both sides', () => {
    expect(findByBarcode(PRODUCTS, '6190001000100')).toBe(YAOURT);
    expect(findByBarcode(PRODUCTS, ' 6190001000018\n')).toBe(LAIT);
    expect(findByBarcode(PRODUCTS, '619000100001')).toBeNull(); // no prefix match
    expect(findByBarcode(PRODUCTS, '   ')).toBeNull(); // a product without barcode is never "found"
  });

  it('adds one of the unit, then increments', () => {
    const first = applyScan(PRODUCTS, [], '6190001000018');
    expect(first).toMatchObject({ kind: 'added', product: LAIT, quantity: 1 });
    if (first.kind !== 'added') throw new Error('added expected');
    expect(first.items).toEqual([{ product_id: 'l', product_name: LAIT.name, unit: 'L', unit_price: 500, quantity: 1 }]);
    const second = applyScan(PRODUCTS, first.items, '6190001000018');
    expect(second).toMatchObject({ kind: 'added', quantity: 2 });
    if (second.kind !== 'added') throw new Error('added expected');
    expect(second.items).toHaveLength(1);
  });

  it('rounds a decimal quantity up to the next whole unit, as the + button', () => {
    const items = [{ product_id: 'l', product_name: LAIT.name, unit: 'L', unit_price: 500, quantity: 2.5 }];
    expect(applyScan(PRODUCTS, items, '6190001000018')).toMatchObject({ kind: 'added', quantity: 3 });
  });

  it('says which code is unknown, and changes nothing', () => {
    expect(applyScan(PRODUCTS, [], ' 4006381333931 ')).toEqual({ kind: 'unknown', code: '4006381333931' });
  });
});

describe('the scan gate', () => {
  it('counts a code once while it stays in view, again after it left', () => {
    const gate = new ScanGate();
    expect(gate.seen(['123'])).toBe('123');
    expect(gate.seen(['123'])).toBeNull();
    expect(gate.seen([' 123 '])).toBeNull();
    expect(gate.seen([])).toBeNull();
    expect(gate.seen(['123'])).toBe('123');
    expect(gate.seen(['456'])).toBe('456');
  });
});

describe('scanner availability', () => {
  const getUserMedia = () => undefined;
  it('needs both BarcodeDetector and a camera', () => {
    expect(canScan({ BarcodeDetector: class {}, navigator: { mediaDevices: { getUserMedia } } })).toBe(true);
    expect(canScan({ navigator: { mediaDevices: { getUserMedia } } })).toBe(false);
    expect(canScan({ BarcodeDetector: class {}, navigator: {} })).toBe(false);
  });
});
