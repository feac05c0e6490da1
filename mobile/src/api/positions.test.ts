import { describe, expect, it } from 'vitest';
import { notePosition, POSITION_HEADER, withPosition } from './positions';

const answer = (position: string) => new Response(null, { headers: { [POSITION_HEADER]: position } });
const sent = () => withPosition(new Request('http://gapal.test/api/orders/')).headers.get(POSITION_HEADER);

describe('positions', () => {
  it('sends 0 first, then the furthest position an answer told, and ignores the rest', () => {
    expect(sent()).toBe('0');
    notePosition(answer('42'));
    notePosition(answer('17'));
    notePosition(answer('abc'));
    notePosition(answer('1e400'));
    expect(sent()).toBe('42');
  });
});
