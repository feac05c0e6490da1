import { afterEach, describe, expect, it, vi } from "vitest";

import { ARRIVAL_MS, arrivals, markArrived, subscribeArrivals } from "./arrivals";

afterEach(() => { vi.useRealTimers(); });

describe("live arrivals", () => {
  it("last six seconds, and tell their subscribers when they come and go", () => {
    vi.useFakeTimers();
    const listener = vi.fn();
    const unsubscribe = subscribeArrivals(listener);
    markArrived("pushed");
    expect(arrivals().has("pushed")).toBe(true);
    vi.advanceTimersByTime(ARRIVAL_MS - 1);
    expect(arrivals().has("pushed")).toBe(true);
    vi.advanceTimersByTime(1);
    expect(arrivals().has("pushed")).toBe(false);
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
  });
});
