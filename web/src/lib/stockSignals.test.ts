import { describe, expect, it } from "vitest";

import { expirySignal } from "./stockSignals";

const now = new Date("2026-11-24T10:00:00Z");

describe("expiry signal", () => {
  it("warns within three days and when past, only for stock on hand", () => {
    expect(expirySignal("2026-11-27", 5, now)).toEqual({ kind: "soon", days: 3 });
    expect(expirySignal("2026-11-24", 5, now)).toEqual({ kind: "soon", days: 0 });
    expect(expirySignal("2026-11-23", 5, now)).toEqual({ kind: "expired" });
    expect(expirySignal("2026-11-28", 5, now)).toBeNull();
    expect(expirySignal("2026-11-23", 0, now)).toBeNull();
    expect(expirySignal(null, 5, now)).toBeNull();
  });
});
