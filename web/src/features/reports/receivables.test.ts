import { describe, expect, it } from "vitest";

import type { Receivables } from "@/api/types";

import { receivableLines, receivablesFileName, receivablesQuery } from "./receivables";

const line = (name: string, balance: number, overLimit: boolean) => ({
  customer_id: name, name, phone: "+22670112233", kind: "maquis", credit_limit: 1000, balance, over_limit: overLimit,
  oldest_debt_at: "2026-11-01T08:00:00Z", orders_count: 1, days_0_7: balance, days_8_30: 0, days_31_60: 0, days_over_60: 0,
});

const report: Receivables = {
  as_of: "2026-11-29",
  results: [line("Aïcha", 1750, true), line("Hôtel", 800, false)],
  no_customer: { ...line("Sans client", 2000, false), customer_id: null, credit_limit: null, kind: null, phone: "" },
  totals: { days_0_7: 4550, days_8_30: 0, days_31_60: 0, days_over_60: 0 },
  balance_total: 4550,
};

describe("receivableLines", () => {
  it("lists the customers, then the orders without customer, then the total", () => {
    const lines = receivableLines(report, "Sans client", "Total");
    expect(lines.map((l) => [l.name, l.balance, l.kind])).toEqual([
      ["Aïcha", 1750, "customer"], ["Hôtel", 800, "customer"], ["Sans client", 2000, "noCustomer"], ["Total", 4550, "total"],
    ]);
    expect(lines.map((l) => l.overLimit)).toEqual([true, false, false, false]);
    expect(lines[3]?.buckets).toEqual({ days_0_7: 4550, days_8_30: 0, days_31_60: 0, days_over_60: 0 });
    expect(lines[2]?.creditLimit).toBeNull();
  });

  it("leaves the « Sans client » line out when there is none", () => {
    const lines = receivableLines({ ...report, no_customer: null }, "Sans client", "Total");
    expect(lines.map((l) => l.kind)).toEqual(["customer", "customer", "total"]);
  });
});

describe("receivables files", () => {
  it("names the file after the day and keeps the table's filter", () => {
    expect(receivablesFileName("pdf", "2026-11-29")).toBe("creances_2026-11-29.pdf");
    expect(receivablesQuery("csv", true)).toBe("?over_limit=true&format=csv");
    expect(receivablesQuery(null, false)).toBe("");
  });
});
