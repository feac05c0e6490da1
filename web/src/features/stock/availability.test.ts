import { describe, expect, it } from "vitest";

import { availableAfter, leavesOrdersShort } from "./availability";

const yaourt = { stock_quantity: 10, available_quantity: 4 }; // 6 reserved by open orders

describe("what stays available for open orders", () => {
  it("counts entries, exits and adjustments (the counted stock)", () => {
    expect(availableAfter("entree", 2.5, yaourt)).toBe(6.5);
    expect(availableAfter("sortie", 0.1, { stock_quantity: 0.3, available_quantity: 0.3 })).toBe(0.2);
    expect(availableAfter("ajustement", 7, yaourt)).toBe(1);
  });

  it("asks before an exit or an adjustment that eats into reserved stock", () => {
    expect(leavesOrdersShort("sortie", 4, yaourt)).toBe(false);
    expect(leavesOrdersShort("sortie", 4.5, yaourt)).toBe(true);
    expect(leavesOrdersShort("ajustement", 5, yaourt)).toBe(true);
    expect(leavesOrdersShort("ajustement", 6, yaourt)).toBe(false);
    expect(leavesOrdersShort("sortie", 11, yaourt)).toBe(false);
    expect(leavesOrdersShort("entree", 1, { stock_quantity: 0, available_quantity: -3 })).toBe(false);
  });
});
