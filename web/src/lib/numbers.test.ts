import { describe, expect, it } from "vitest";

import { COUNT, MONEY, numberInput, parseNumber, QUANTITY } from "./numbers";

const value = (text: string, rule = QUANTITY) => {
  const parsed = parseNumber(text, rule);
  return parsed.ok ? parsed.value : parsed.error;
};

describe("numbers typed the French way", () => {
  it("reads a decimal comma as a decimal, never as a thousands separator", () => {
    expect(value("2,5")).toBe(2.5);
    expect(value(" 0,125 ")).toBe(0.125);
    expect(value("2.5")).toBe(2.5);
    expect(value("12")).toBe(12);
  });

  it("reads spaces between groups of three digits as grouping", () => {
    expect(value("1 500", MONEY)).toBe(1500);
    expect(value("1\u202f500,5")).toBe(1500.5);
    expect(value("12 345 678", MONEY)).toBe(12_345_678);
  });

  it("refuses garbage in French", () => {
    expect(value("")).toBe("Indiquez un nombre.");
    expect(value("deux")).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
    expect(value("1,2,3")).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
    expect(value("2 5")).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
    expect(value("1e3")).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
    expect(value("Infinity")).toBe("Saisissez un nombre, par exemple 2,5 ou 1 500.");
  });

  it("keeps each rule's bounds and precision", () => {
    expect(value("0")).toBe("Saisissez un nombre supérieur à 0.");
    expect(value("0", COUNT)).toBe(0);
    expect(value("-2")).toBe("Le nombre ne peut pas être négatif.");
    expect(value("0,0001")).toBe("3 chiffres après la virgule au plus.");
    expect(value("1500,5", MONEY)).toBe("Saisissez un nombre entier, sans virgule.");
    expect(value("10 000 001")).toBe("Le nombre ne peut pas dépasser 10 000 000.");
  });

  it("puts a stored number back into a field with a comma", () => {
    expect(numberInput(2.5)).toBe("2,5");
    expect(numberInput(1500)).toBe("1500");
    expect(numberInput(null)).toBe("");
  });
});
