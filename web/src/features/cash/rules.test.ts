import { describe, expect, it } from "vitest";

import type { CashClosing } from "@/api/types";

import { parseCounted, shownLines, signedMoney } from "./rules";

const line = (method: string, expected = 0, late = 0) => ({ method, expected, counted: null, difference: null, late });

describe("the cash screen", () => {
  it("shows cash and mobile moneys always, a transfer or a cheque only when the day has one", () => {
    const closing = { methods: [line("especes"), line("orange_money"), line("moov_money"), line("virement"), line("cheque", 0, 500)] } as unknown as CashClosing;
    expect(shownLines(closing).map((l) => l.method)).toEqual(["especes", "orange_money", "moov_money", "cheque"]);
  });

  it("signs differences: missing money is negative", () => {
    expect(signedMoney(-500)).toMatch(/^−500\sFCFA$/);
    expect(signedMoney(250)).toMatch(/^\+250\sFCFA$/);
    expect(signedMoney(null)).toBe("—");
  });

  it("reads the count as typed, empty as 0, and refuses what is not whole FCFA", () => {
    expect(parseCounted({ especes: "1 000", moov_money: "" })).toEqual({ ok: true, counted: { especes: 1000, moov_money: 0 } });
    const refused = parseCounted({ especes: "10,5", orange_money: "-3" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(Object.keys(refused.errors)).toEqual(["especes", "orange_money"]);
  });
});
