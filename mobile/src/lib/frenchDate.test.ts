import { describe, expect, it } from 'vitest';
import { copy } from '../copy';
import { dayInWords, isIsoDay, maskFrenchDate, parseFrenchDate } from './frenchDate';

describe('French dates', () => {
  it('reads jj/mm/aaaa and its usual variants as an ISO day', () => {
    for (const text of ['25/11/2026', ' 25/11/2026 ', '25.11.2026', '25-11-2026', '25 11 2026', '25112026', '2026-11-25']) {
      expect(parseFrenchDate(text)).toEqual({ ok: true, iso: '2026-11-25' });
    }
    expect(parseFrenchDate('5/1/2027')).toEqual({ ok: true, iso: '2027-01-05' });
    expect(parseFrenchDate('29/02/2028')).toEqual({ ok: true, iso: '2028-02-29' });
  });

  it('reads the day first, never the month (12/01 is the 12th of January)', () => {
    expect(parseFrenchDate('12/01/2027')).toEqual({ ok: true, iso: '2027-01-12' });
  });

  it('leaves an empty field empty', () => {
    expect(parseFrenchDate('  ')).toEqual({ ok: true, iso: '' });
  });

  it('refuses, in French, what is not a date', () => {
    expect(parseFrenchDate('25/11')).toEqual({ ok: false, error: copy.date.format });
    expect(parseFrenchDate('25/11/26')).toEqual({ ok: false, error: copy.date.format });
    expect(parseFrenchDate('demain')).toEqual({ ok: false, error: copy.date.format });
    expect(parseFrenchDate('31/02/2026')).toEqual({ ok: false, error: 'Le 31/02/2026 n’existe pas.' });
    expect(parseFrenchDate('29/02/2026')).toEqual({ ok: false, error: 'Le 29/02/2026 n’existe pas.' });
    expect(parseFrenchDate('00/11/2026')).toEqual({ ok: false, error: 'Le 00/11/2026 n’existe pas.' });
    expect(parseFrenchDate('11/25/2026')).toEqual({ ok: false, error: 'Le mois 25 n’existe pas : de 01 à 12.' });
    expect(parseFrenchDate('25/11/1926')).toEqual({ ok: false, error: copy.date.year(1926) });
  });

  it('puts the slashes in as digits are typed', () => {
    expect(['2', '25', '251', '2511', '25112', '25112026', '251120261'].map(maskFrenchDate))
      .toEqual(['2', '25', '25/1', '25/11', '25/11/2', '25/11/2026', '25/11/2026']);
    expect(['3', '31', '31/0', '31/02', '31/022', '31/02/2', '31/02/2026'].map((typed) => maskFrenchDate(typed)))
      .toEqual(['3', '31', '31/0', '31/02', '31/02/2', '31/02/2', '31/02/2026']); // key by key in the field
    expect(maskFrenchDate('25/11/')).toBe('25/11'); // a backspace over a digit takes its slash too
    expect(maskFrenchDate('5/1/2026')).toBe('5/1/2026');
    expect(maskFrenchDate('25/1/2026')).toBe('25/1/2026');
    expect(maskFrenchDate('25.11.2026')).toBe('25.11.2026');
    expect(maskFrenchDate('25/11/2026a')).toBe('25/11/2026');
  });

  it('knows a stored ISO day and says it in words', () => {
    expect(isIsoDay('2026-11-25')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('25/11/2026')).toBe(false);
    expect(dayInWords('2026-11-25')).toBe('mercredi 25 novembre 2026');
  });
});
