import { describe, expect, it } from "vitest";

import type { Lot } from "@/api/types";

import { lotOption, lotUrgency } from "./lots";

const lot = (fields: Partial<Lot>): Lot => ({
  id: "l1", product_id: "p1", lot_code: "L-1", remaining_quantity: 4, received_at: "2026-11-20",
  expiration_date: "2026-12-10", days_left: 11, is_expired: false, unit_cost: null, ...fields,
});

describe("how urgent a lot is", () => {
  it("says expired, soon (two days or less) or fine, in words", () => {
    expect(lotUrgency(lot({ is_expired: true, days_left: -1 }))).toEqual({ level: "expired", label: "Périmé" });
    expect(lotUrgency(lot({ days_left: 0 }))).toEqual({ level: "soon", label: "Périme aujourd’hui" });
    expect(lotUrgency(lot({ days_left: 1 })).label).toBe("Périme demain");
    expect(lotUrgency(lot({ days_left: 2 }))).toEqual({ level: "soon", label: "Périme dans 2 j" });
    expect(lotUrgency(lot({ days_left: 3 })).level).toBe("fine");
    expect(lotUrgency(lot({ expiration_date: null, days_left: null })).label).toBe("Sans date");
  });

  it("names a lot in a select with its remaining quantity, date and state", () => {
    expect(lotOption(lot({}), "pot")).toBe("L-1 — 4 pot — 10/12/2026");
    expect(lotOption(lot({ is_expired: true, days_left: -1, remaining_quantity: 2.5 }), "L"))
      .toBe("L-1 — 2,5 L — 10/12/2026 (Périmé)");
  });
});
