import { describe, expect, it } from "vitest";

import { describeKindPrices, kindPricesOf, priceHistory } from "./kindPrices";

const NNBSP = /[\u202f\u00a0]/g;

describe("prices per customer kind", () => {
  it("sends every kind: the typed price, null where left empty (the base price)", () => {
    const typed: Record<string, string> = { revendeur: "450", hotel: " 1 500 " };
    const { body, errors } = kindPricesOf((kind) => typed[kind] ?? "");
    expect(body).toEqual({ boutique: null, maquis: null, hotel: 1500, cantine: null, particulier: null, revendeur: 450 });
    expect(Object.values(errors).filter(Boolean)).toEqual([]);
  });

  it("refuses a fraction or a negative price in French, on its kind", () => {
    const typed: Record<string, string> = { revendeur: "450,5", hotel: "-3" };
    const { errors } = kindPricesOf((kind) => typed[kind] ?? "");
    expect(errors.revendeur).toBe("Saisissez un nombre entier, sans virgule.");
    expect(errors.hotel).toBe("Le nombre ne peut pas être négatif.");
    expect(errors.maquis).toBeUndefined();
  });

  it("describes the prices kind by kind, or the base price for everyone", () => {
    expect(describeKindPrices({ revendeur: 450, hotel: 520 }).replace(NNBSP, " ")).toBe("Hôtel : 520 FCFA · Revendeur : 450 FCFA");
    expect(describeKindPrices({})).toBe("Prix de base pour tous les types de client");
  });

  it("lists the base price and kind price changes, newest first, and nothing else", () => {
    const event = (event_type: string, data: Record<string, unknown>, occurred_at: string) => ({ event_type, data, occurred_at, username: "issouf.stock" });
    const changes = priceHistory([
      event("Product.Registered", { unit_price: 500, name: "Lait" }, "2026-11-01T08:00:00Z"),
      event("Product.StockReceived", { quantity: 10 }, "2026-11-01T09:00:00Z"),
      event("Product.KindPricesSet", { prices: { revendeur: 450 } }, "2026-11-02T08:00:00Z"),
      event("Product.Revised", { changes: { unit_price: 550 } }, "2026-11-03T08:00:00Z"),
      event("Product.Revised", { changes: { name: "Lait frais" } }, "2026-11-04T08:00:00Z"),
    ]);
    expect(changes.map((c) => c.text.replace(NNBSP, " "))).toEqual([
      "Prix de base : 550 FCFA", "Revendeur : 450 FCFA", "Prix de base : 500 FCFA"]);
  });
});
