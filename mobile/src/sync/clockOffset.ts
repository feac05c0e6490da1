/**
 * The phone's clock offset from the server's (`server - phone`, in seconds), measured on each answered sync as NTP
 * does: the answer's `server_time` was read between the phone's send and receive times, so the offset lies within
 * half the round trip of their middle. The narrowest recent measure goes with the next sync (README "Extensions of
 * the HTTP contract"): the server then leaves out the time that request spends in flight, which the naive offset
 * (`server_time - client_time`) counts as clock skew, and which would make a held-back edit look newer than it is.
 *
 * Kept in memory only, with the monotonic clock beside the wall clock: a wall clock set back since the measure is
 * seen (its measure forgotten), which a stored measure could not tell after a reload. With no measure, nothing is
 * sent and the server keeps its old rule; the answer to that sync gives the next measure.
 */

/** Both clocks of one moment: the wall clock (`Date.now()`, the one in `client_time`) and the monotonic one. */
export interface Clocks {
  wall: number;
  mono: number;
}

export function clocksNow(): Clocks {
  return { wall: Date.now(), mono: performance.now() };
}

export const DRIFT = 1e-4; // a phone's quartz drifts less than 100 ppm: a measure's margin grows that much with age
export const MAX_AGE_MS = 6 * 3600_000;
export const MAX_ERROR_S = 60; // a vaguer measure is worth nothing (the server ignores it beyond 600 s)
const SLIP_MS = 1_000; // how far the two clocks may part before the wall clock counts as set

interface Measure {
  offset: number;
  error: number;
  at: Clocks;
}

let best: Measure | null = null;

export function forgetClockOffset(): void {
  best = null;
}

/** The kept measure as of `at`, its margin grown by the drift since; null (and forgotten) if the wall clock was set
 * back since, or the measure is too old. A wall clock running ahead of the monotonic one is normal (the monotonic
 * one may stop while the phone sleeps); one set forward is caught by the server. */
function kept(at: Clocks): { offset: number; error: number } | null {
  if (best === null) return null;
  const wall = at.wall - best.at.wall;
  const mono = at.mono - best.at.mono;
  if (wall < mono - SLIP_MS || wall > MAX_AGE_MS) {
    best = null;
    return null;
  }
  return { offset: best.offset, error: best.error + (Math.max(wall, mono) / 1000) * DRIFT };
}

/** Records the measure of one answered request: sent at `sent`, answered at `received`, with the server's time. */
export function recordClockOffset(sent: Clocks, received: Clocks, serverTime: string): void {
  const server = Date.parse(serverTime);
  const roundTrip = received.wall - sent.wall;
  const changed = Math.abs(roundTrip - (received.mono - sent.mono)) > SLIP_MS; // the wall clock set meanwhile
  if (Number.isNaN(server) || roundTrip < 0 || changed) return;
  // Date.parse keeps milliseconds: the server's microseconds add up to 1 ms to the margin.
  const error = roundTrip / 2000 + 0.001;
  if (error > MAX_ERROR_S) return;
  const previous = kept(received);
  if (previous !== null && previous.error < error) return;
  best = { offset: (server - (sent.wall + received.wall) / 2) / 1000, error, at: received };
}

/** The optional fields of a sync request that carry the measure, or none. */
export function clockOffsetFields(at: Clocks): { clock_offset_estimate_seconds?: number; clock_offset_estimate_error_seconds?: number } {
  const measure = kept(at);
  if (measure === null) return {};
  return { clock_offset_estimate_seconds: measure.offset, clock_offset_estimate_error_seconds: measure.error };
}
