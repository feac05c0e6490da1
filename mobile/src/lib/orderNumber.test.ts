import { describe, expect, it } from 'vitest';
import { orderNumber } from './orderNumber';

describe('orderNumber', () => {
  it('matches the number the backend computes for the same local_id and day', () => {
    // .venv/bin/python -c "... order_number(UUID('971bf2cd-cf4b-4abb-b39a-86181cb3ff45'), date(2026,11,24))"
    expect(orderNumber('971bf2cd-cf4b-4abb-b39a-86181cb3ff45', new Date('2026-11-24T09:30:00Z'))).toBe('261124-JWDZ5K');
  });

  it('takes the UTC day of the event, whatever the clock of the phone shows', () => {
    expect(orderNumber('971bf2cd-cf4b-4abb-b39a-86181cb3ff45', new Date('2026-11-24T23:30:00-02:00'))).toBe('261125-JWDZ5K');
  });

  it('uses the whole 30 bits: an id full of ones gives the last Crockford letters', () => {
    expect(orderNumber('ffffffff-0000-4000-8000-000000000000', new Date('2027-01-02T00:00:00Z'))).toBe('270102-ZZZZZZ');
    expect(orderNumber('00000003-0000-4000-8000-000000000000', new Date('2027-01-02T00:00:00Z'))).toBe('270102-000000');
  });
});
