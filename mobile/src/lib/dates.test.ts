import { describe, expect, it } from 'vitest';
import { copy } from '../copy';
import { formatBytes } from './dates';
import { formatFcfa } from './money';

const NB = '\u00a0';

describe('words that never break across lines', () => {
  it('keeps the data used and amounts in one piece', () => {
    expect(formatBytes(2150)).toBe(`2,1${NB}Ko`);
    expect(formatBytes(512)).toBe(`512${NB}o`);
    expect(formatFcfa(1250000)).toBe(`1${NB}250${NB}000${NB}FCFA`);
  });

  it('names the product buttons without a gendered article', () => {
    expect(copy.products.more('Crème fraîche')).toBe('Ajouter : Crème fraîche');
    expect(copy.products.less('Lait frais')).toBe('Retirer : Lait frais');
  });
});
