/** Products from the cached catalogue: search, big − / + buttons, the cached price and its date. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { formatDateTime } from '../../lib/dates';
import { formatFcfa, formatQuantity, parseQuantity, roundQuantity } from '../../lib/money';
import { listProducts, searchProducts } from '../../store/catalogue';
import type { OrderLine, Product } from '../../store/types';
import { useAppState } from '../../state';
import { useLoad } from '../useAsync';
import { BarcodeScanner, type ScanMessage } from './BarcodeScanner';
import { hasKindPrice, priceFor, repriced, withQuantity } from './lines';
import { applyScan, canScan } from './scan';

interface Props {
  items: OrderLine[];
  setItems: (items: OrderLine[]) => void;
  error: string | undefined;
  /** The order's customer's kind: its prices are shown and taken (null: no customer, the base price). */
  kind: string | null;
  /** A new order's lines follow the customer's prices; an edited order keeps the prices it has (as the server). */
  reprice: boolean;
}

interface RowProps {
  product: Product;
  quantity: number;
  price: number;
  /** The customer's kind when he pays its own price for this product (« prix revendeur »). */
  kindPrice: string | null;
  onChange: (q: number) => void;
}

function ProductRow({ product, quantity, price, kindPrice, onChange }: RowProps) {
  const [typed, setTyped] = useState<string | null>(null); // the text while typing, "2," included

  function type(text: string) {
    setTyped(text);
    const parsed = text.trim() ? parseQuantity(text) : 0;
    if (parsed !== null) onChange(parsed); // the total follows every key; "2," waits for its decimal
  }

  return (
    <li class={quantity > 0 ? 'product product-chosen' : 'product'}>
      <div class="product-info">
        <span class="product-name">{product.name}</span>
        <span class="product-price">
          {copy.products.perUnit(formatFcfa(price), product.unit)}
          {kindPrice && <> · <strong>{copy.products.kindPrice(copy.customers.kinds[kindPrice] ?? kindPrice)}</strong></>}
        </span>
      </div>
      <div class="stepper">
        <button type="button" class="step-btn" aria-label={copy.products.less(product.name)} disabled={quantity <= 0}
          onClick={() => onChange(Math.max(0, roundQuantity(quantity - 1)))}>−</button>
        <input class="qty" inputMode="decimal" aria-label={copy.products.quantity(product.name)}
          value={typed ?? (quantity > 0 ? formatQuantity(quantity) : '')} placeholder="0"
          onInput={(e) => type(e.currentTarget.value)} onBlur={() => setTyped(null)} />
        <button type="button" class="step-btn" aria-label={copy.products.more(product.name)}
          onClick={() => onChange(roundQuantity(Math.floor(quantity) + 1))}>+</button>
      </div>
    </li>
  );
}

export function ProductsStep({ items, setItems, error, kind, reprice }: Props) {
  const { catalogue, revision } = useAppState();
  const products = useLoad(listProducts, [revision]);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => searchProducts(products ?? [], query), [products, query]);
  const quantities = new Map(items.map((line) => [line.product_id, line.quantity]));
  const [scanning, setScanning] = useState(false);
  const scannable = useMemo(() => canScan(window), []);
  const latest = useRef(items); // a scan adds to the lines as they are now, not as when the camera opened
  latest.current = items;

  useEffect(() => {
    if (!reprice || !products) return;
    const next = repriced(latest.current, products, kind);
    if (next !== latest.current) setItems(next);
  }, [products, kind, reprice]);

  function scanned(code: string): ScanMessage {
    const outcome = applyScan(products ?? [], latest.current, code, kind);
    if (outcome.kind === 'unknown') return { text: copy.scan.unknown(outcome.code), error: true };
    latest.current = outcome.items;
    setItems(outcome.items);
    return { text: copy.scan.added(outcome.product.name, formatQuantity(outcome.quantity), outcome.product.unit), error: false };
  }
  return (
    <div class="stack">
      {error && <p id="items-error" class="error step-error" role="alert" tabIndex={-1}>{error}</p>}
      <p class="hint">{catalogue ? copy.sync.catalogueOf(formatDateTime(catalogue.checked_at)) : copy.sync.noCatalogue}</p>
      <div class="search-row">
        <label class="field">
          <span class="sr-only">{copy.products.search}</span>
          <input type="search" placeholder={scannable ? copy.products.searchShort : copy.products.search} aria-label={copy.products.search} value={query}
            aria-describedby={error ? 'items-error' : undefined}
            onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        {scannable && (
          <button type="button" class="btn btn-secondary scan-btn" aria-label={copy.scan.openLabel}
            onClick={() => setScanning(true)}>{copy.scan.open}</button>
        )}
      </div>
      {products && shown.length === 0 && <p class="hint">{copy.products.none}</p>}
      <ul class="products">
        {shown.map((product) => (
          <ProductRow key={product.id} product={product} quantity={quantities.get(product.id) ?? 0} price={priceFor(product, kind)}
            kindPrice={hasKindPrice(product, kind) ? kind : null}
            onChange={(quantity) => setItems(withQuantity(items, product, quantity, kind))} />
        ))}
      </ul>
      {scanning && <BarcodeScanner onCode={scanned} close={() => setScanning(false)} />}
    </div>
  );
}
