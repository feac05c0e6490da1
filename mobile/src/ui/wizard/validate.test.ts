import { describe, expect, it } from 'vitest';
import { copy } from '../../copy';
import { emptyFields } from './draft';
import { errorProps, firstInvalidStep, stepErrors } from './validate';

describe('wizard validation', () => {
  it('names each invalid client field', () => {
    const fields = { ...emptyFields(), client_phone: '12' };
    expect(stepErrors(0, fields)).toEqual({ client_name: copy.client.nameRequired, client_phone: copy.client.phoneInvalid });
    expect(stepErrors(0, { ...fields, client_name: 'Awa', client_phone: '70 12 34 56' })).toEqual({});
  });

  it('refuses a delivery date that is not a day yet, with the reason, and takes an empty one', () => {
    const fields = { ...emptyFields(), client_name: 'Awa' };
    expect(stepErrors(0, { ...fields, delivery_date: '25/11' })).toEqual({ delivery_date: copy.date.format });
    expect(stepErrors(0, { ...fields, delivery_date: '31/02/2026' })).toEqual({ delivery_date: 'Le 31/02/2026 n’existe pas.' });
    expect(stepErrors(0, { ...fields, delivery_date: '2026-11-25' })).toEqual({});
    expect(stepErrors(0, { ...fields, delivery_date: '' })).toEqual({});
    expect(firstInvalidStep({ ...fields, delivery_date: '25/11', items: emptyFields().items })).toBe(0);
  });

  it('sends a save back to the first step with an error', () => {
    expect(firstInvalidStep({ ...emptyFields(), client_name: 'Awa' })).toBe(1);
  });

  it('marks a field invalid and points it at its message, after its hint', () => {
    const errors = stepErrors(0, { ...emptyFields(), client_phone: '12' });
    expect(errorProps('client_phone', errors, 'phone-hint'))
      .toEqual({ 'aria-invalid': 'true', 'aria-describedby': 'phone-hint client_phone-error' });
    expect(errorProps('client_phone', {}, 'phone-hint')).toEqual({ 'aria-invalid': undefined, 'aria-describedby': 'phone-hint' });
  });
});
