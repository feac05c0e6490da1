import { describe, expect, it } from "vitest";

import { daysUntil, formatDate, formatDateTime, formatMoney, formatPhone, formatQuantity, isoDay } from "./format";

describe("money and quantities", () => {
  it("writes FCFA as whole numbers with French grouping", () => {
    expect(formatMoney(12500)).toBe("12 500 FCFA");
    expect(formatMoney(0)).toBe("0 FCFA");
    expect(formatMoney(1_250_000)).toBe("1 250 000 FCFA");
  });

  it("writes quantities with a decimal comma and at most 3 decimals", () => {
    expect(formatQuantity(2.5, "L")).toBe("2,5 L");
    expect(formatQuantity(0.125)).toBe("0,125");
    expect(formatQuantity(1000, "sachet")).toBe("1 000 sachet");
  });
});

describe("dates in Ouagadougou time", () => {
  it("shows timestamps as day/month/year hour:minute", () => {
    expect(formatDateTime("2026-11-23T08:15:00Z")).toBe("23/11/2026 08:15");
  });

  it("shows plain dates without shifting the day", () => {
    expect(formatDate("2026-11-23")).toBe("23/11/2026");
  });

  it("counts days until a date, negative when past", () => {
    const now = new Date("2026-11-23T22:00:00Z");
    expect(isoDay(0, now)).toBe("2026-11-23");
    expect(daysUntil("2026-11-26", now)).toBe(3);
    expect(daysUntil("2026-11-20", now)).toBe(-3);
  });
});

describe("phone numbers", () => {
  it("groups Burkina numbers by two", () => {
    expect(formatPhone("+22676451289")).toBe("+226 76 45 12 89");
    expect(formatPhone("0022670 12 34 56")).toBe("+226 70 12 34 56");
    expect(formatPhone("70123456")).toBe("70123456");
  });
});
