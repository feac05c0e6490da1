import { beforeEach, describe, expect, it } from 'vitest';
import { DRIFT, MAX_AGE_MS, clockOffsetFields, forgetClockOffset, recordClockOffset } from './clockOffset';

const T = Date.parse('2026-11-29T08:00:00Z');
const AHEAD = 7_200_000; // the server's clock is two hours ahead of the phone's

/** A request sent at `start` (phone wall time, ms after T) and answered `trip` ms later; the server read its clock
 * `serverAfter` ms after the phone sent. */
function measure(start: number, trip: number, serverAfter = trip / 2, mono = start): void {
  const server = new Date(T + start + serverAfter + AHEAD).toISOString();
  recordClockOffset({ wall: T + start, mono }, { wall: T + start + trip, mono: mono + trip }, server);
}

function fieldsAt(after: number, mono = after) {
  return clockOffsetFields({ wall: T + after, mono });
}

describe('the measured clock offset', () => {
  beforeEach(() => forgetClockOffset());

  it('is nothing before the first answer: the server keeps its old rule', () => {
    expect(fieldsAt(0)).toEqual({});
  });

  it('is the middle of the round trip, give or take half of it', () => {
    measure(0, 400);
    const fields = fieldsAt(400);
    expect(fields.clock_offset_estimate_seconds).toBeCloseTo(7200, 6);
    expect(fields.clock_offset_estimate_error_seconds).toBeCloseTo(0.201, 6);
  });

  it('holds the true offset even when the way there was slow and the way back fast', () => {
    measure(0, 3_000, 2_900); // the request took 2.9 s, the answer 0.1 s
    const { clock_offset_estimate_seconds: offset = NaN, clock_offset_estimate_error_seconds: error = NaN } = fieldsAt(3_000);
    expect(Math.abs(offset - 7200)).toBeLessThanOrEqual(error);
  });

  it('keeps the narrowest measure, not the latest', () => {
    measure(0, 200);
    measure(10_000, 4_000, 3_900);
    expect(fieldsAt(14_000).clock_offset_estimate_seconds).toBeCloseTo(7200, 6);
    measure(20_000, 100, 50);
    expect(fieldsAt(20_100).clock_offset_estimate_error_seconds).toBeCloseTo(0.051, 6);
  });

  it('widens its margin as the clocks may drift apart, and a fresh one replaces it then', () => {
    measure(0, 200);
    const hour = 3_600_000;
    expect(fieldsAt(hour).clock_offset_estimate_error_seconds).toBeCloseTo(0.101 + 3600 * DRIFT, 4);
    measure(hour, 800, 400); // wider than the fresh one was, narrower than the old one is now
    expect(fieldsAt(hour + 800).clock_offset_estimate_error_seconds).toBeCloseTo(0.401, 6);
  });

  it('survives the phone sleeping (the monotonic clock stopped) but not the wall clock set back', () => {
    measure(0, 200);
    expect(fieldsAt(600_000, 1_000)).not.toEqual({}); // ten minutes asleep
    expect(fieldsAt(600_000 - 120_000, 700_000)).toEqual({}); // set back two minutes
    expect(fieldsAt(600_000, 700_000)).toEqual({}); // and forgotten
  });

  it('is forgotten after six hours', () => {
    measure(0, 200);
    expect(fieldsAt(MAX_AGE_MS + 200)).not.toEqual({});
    expect(fieldsAt(MAX_AGE_MS + 201)).toEqual({});
  });

  it('ignores a round trip over two minutes, or with the clock set meanwhile', () => {
    measure(0, 121_000);
    expect(fieldsAt(121_000)).toEqual({});
    recordClockOffset({ wall: T, mono: 0 }, { wall: T + 60_000, mono: 200 }, new Date(T + 100).toISOString());
    expect(fieldsAt(60_000, 300)).toEqual({});
  });
});
