import { describe, expect, it } from "vitest";

import type { OrderItem } from "@/api/types";

import { returnLinesOf } from "./returnLines";

const items: OrderItem[] = [
  { product_id: "yaourt", product_name: "Yaourt", quantity: 10, unit: "pot", unit_price: 400, subtotal: 4000 },
  { product_id: "lait", product_name: "Lait", quantity: 2.5, unit: "L", unit_price: 600, subtotal: 1500 },
];

describe("the lines of a return", () => {
  it("keeps the items with a quantity, in numbers as people type them", () => {
    const typed: Record<string, string> = { yaourt: "3", lait: "" };
    expect(returnLinesOf(items, (id) => typed[id] ?? "")).toEqual({
      lines: [{ product_id: "yaourt", quantity: 3 }], errors: {}, nothing: false,
    });
    expect(returnLinesOf(items, (id) => (id === "lait" ? "1,5" : "0")).lines).toEqual([{ product_id: "lait", quantity: 1.5 }]);
  });

  it("refuses more than delivered, and says when nothing is returned", () => {
    expect(returnLinesOf(items, (id) => (id === "lait" ? "3" : "")).errors).toEqual({
      "return-lait": "Au plus la quantité livrée (2,5 L).",
    });
    expect(returnLinesOf(items, () => "").nothing).toBe(true);
    expect(returnLinesOf(items, () => "deux").errors["return-yaourt"]).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
  });
});
