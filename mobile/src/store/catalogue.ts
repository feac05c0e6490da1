/** The catalogue cached on the phone: the prices a vendor sees are these, with their date. */
import { database, getValue, setValue } from './db';
import type { CatalogueMeta, Product } from './types';

export async function listProducts(): Promise<Product[]> {
  const products = await (await database()).getAll('products');
  return products.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function catalogueMeta(): Promise<CatalogueMeta | undefined> {
  return getValue('catalogue');
}

/** Keeps active products, drops archived ones, and remembers the newest change seen. */
export async function mergeProducts(products: Product[], meta: CatalogueMeta): Promise<void> {
  const tx = (await database()).transaction(['products', 'kv'], 'readwrite');
  const store = tx.objectStore('products');
  for (const product of products) {
    if (product.is_active) await store.put(product);
    else await store.delete(product.id);
  }
  await tx.objectStore('kv').put(meta, 'catalogue');
  await tx.done;
}

export async function markCatalogueChecked(meta: CatalogueMeta): Promise<void> {
  await setValue('catalogue', meta);
}

export function newestUpdate(products: Product[], since: string | null): string | null {
  return products.reduce<string | null>((newest, p) => (newest === null || p.updated_at > newest ? p.updated_at : newest), since);
}

/** Accent- and case-insensitive, as the server's search: "lait caille" finds "Lait caillé". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function searchProducts(products: Product[], query: string): Product[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return products.filter((p) => {
    const haystack = fold(`${p.name} ${p.category_name} ${p.barcode ?? ''}`);
    return words.every((word) => haystack.includes(word));
  });
}
