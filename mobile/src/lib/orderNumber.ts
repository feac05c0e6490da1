/**
 * The order number the server will assign, computed offline (domain/values.py `order_number`):
 * `YYMMDD-` + 6 Crockford base-32 chars of the top 30 bits of the local_id.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function orderNumber(localId: string, occurredAt: Date): string {
  const top32 = Number.parseInt(localId.replace(/-/g, '').slice(0, 8), 16);
  const bits = top32 >>> 2;
  let code = '';
  for (let shift = 25; shift >= 0; shift -= 5) code += CROCKFORD[(bits >>> shift) & 31];
  const day = occurredAt.toISOString().slice(2, 10).replace(/-/g, ''); // the UTC date, as the server
  return `${day}-${code}`;
}
