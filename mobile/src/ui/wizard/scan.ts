/**
 * Barcode scanning, the pure part: whether the phone can scan, which product a code names, what a
 * scan does to the order. The camera and the detector live in BarcodeScanner.tsx.
 */
import type { OrderLine, Product } from '../../store/types';
import { addOne } from './lines';

/** What shop products carry: EAN/UPC, and the codes wholesalers print. */
export const BARCODE_FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'code_39', 'itf', 'qr_code'];

/** Chrome on Android has both; desktop Linux Chromium and most other browsers have no BarcodeDetector. */
export function canScan(win: { BarcodeDetector?: unknown; navigator?: { mediaDevices?: { getUserMedia?: unknown } } }): boolean {
  return 'BarcodeDetector' in win && typeof win.navigator?.mediaDevices?.getUserMedia === 'function';
}

/** The product whose barcode is this code, spaces around either ignored. */
export function findByBarcode(products: Product[], code: string): Product | null {
  const wanted = code.trim();
  if (!wanted) return null;
  return products.find((p) => (p.barcode ?? '').trim() === wanted) ?? null;
}

export type ScanOutcome =
  | { kind: 'added'; product: Product; items: OrderLine[]; quantity: number }
  | { kind: 'unknown'; code: string };

/** A code read by the camera: one more of its product, or "unknown". */
export function applyScan(products: Product[], items: OrderLine[], code: string, customerKind: string | null = null): ScanOutcome {
  const product = findByBarcode(products, code);
  if (!product) return { kind: 'unknown', code: code.trim() };
  const next = addOne(items, product, customerKind);
  const quantity = next.find((line) => line.product_id === product.id)?.quantity ?? 0;
  return { kind: 'added', product, items: next, quantity };
}

/**
 * The detector reads a code ~4 times a second while it stays in view: it counts once, and again
 * only after it has left the picture (a second pot is shown after the first was taken away).
 */
export class ScanGate {
  private inView: string | null = null;

  /** The codes seen in one frame → the code to count now, or null. */
  seen(codes: string[]): string | null {
    const code = codes.map((c) => c.trim()).find(Boolean) ?? null;
    if (code === this.inView) return null;
    this.inView = code;
    return code;
  }
}
