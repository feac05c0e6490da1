import { describe, expect, it } from "vitest";

import { burkinaPhone, checkCustomer, type CustomerFields, daysSince, isOverLimit, splitPhones } from "./rules";

const FIELDS: CustomerFields = {
  name: "Boutique Wend-Panga", phone: "70 12 34 56", other_phones: "", kind: "boutique", address: "", credit_limit: "", is_active: true,
};

describe("credit limits", () => {
  it("flags a customer who owes more than his limit", () => {
    expect(isOverLimit({ balance: 60_000, credit_limit: 50_000 })).toBe(true);
    expect(isOverLimit({ balance: 50_000, credit_limit: 50_000 })).toBe(false);
    expect(isOverLimit({ balance: 10_000, credit_limit: 50_000 })).toBe(false);
  });

  it("flags any debt of a cash-only customer (limit 0), never a customer who owes nothing", () => {
    expect(isOverLimit({ balance: 1, credit_limit: 0 })).toBe(true);
    expect(isOverLimit({ balance: 0, credit_limit: 0 })).toBe(false);
  });
});

describe("age of the oldest debt", () => {
  const now = new Date("2026-11-29T10:00:00Z");
  it("counts whole days in Ouagadougou", () => {
    expect(daysSince("2026-11-29T01:00:00Z", now)).toBe(0);
    expect(daysSince("2026-11-28T23:30:00Z", now)).toBe(1);
    expect(daysSince("2026-11-01T08:00:00Z", now)).toBe(28);
    expect(daysSince("2026-12-01T08:00:00Z", now)).toBe(0);
  });
});

describe("phones", () => {
  it("reads a Burkina number written the usual ways", () => {
    expect(burkinaPhone("70 12 34 56")).toBe("+22670123456");
    expect(burkinaPhone("+226 70-12-34-56")).toBe("+22670123456");
    expect(burkinaPhone("0022670123456")).toBe("+22670123456");
    expect(burkinaPhone("7012345")).toBeNull();
    expect(burkinaPhone("+33 6 12 34 56 78")).toBeNull();
  });

  it("splits the other phones on commas, semicolons and new lines", () => {
    expect(splitPhones("70 11 22 33, 76 44 55 66;\n 65 00 00 00 ,")).toEqual(["70 11 22 33", "76 44 55 66", "65 00 00 00"]);
  });
});

describe("the customer form", () => {
  it("sends the phones normalised and the limit as whole FCFA", () => {
    const result = checkCustomer({ ...FIELDS, other_phones: "76 44 55 66, 76445566", credit_limit: "150 000" });
    expect(result).toEqual({ ok: true, values: {
      name: "Boutique Wend-Panga", phone: "+22670123456", other_phones: ["+22676445566"], kind: "boutique",
      address: "", credit_limit: 150_000, is_active: true,
    } });
  });

  it("takes an empty limit as cash only", () => {
    const result = checkCustomer(FIELDS);
    expect(result.ok && result.values.credit_limit).toBe(0);
  });

  it("refuses in French what the server would refuse", () => {
    const result = checkCustomer({ name: " ", phone: "12 34", other_phones: "70 12 34 56", kind: "boutique", address: "", credit_limit: "1 500,50", is_active: true });
    expect(result).toEqual({ ok: false, errors: {
      name: "Indiquez le nom du client.",
      phone: "Numéro invalide : 8 chiffres, avec ou sans +226, par exemple 70 12 34 56.",
      credit_limit: "Saisissez un nombre entier, sans virgule.",
    } });
    const repeated = checkCustomer({ ...FIELDS, other_phones: "+22670123456" });
    expect(repeated.ok ? null : repeated.errors.other_phones).toBe("Le téléphone principal ne se répète pas dans les autres téléphones.");
    const negative = checkCustomer({ ...FIELDS, credit_limit: "-5" });
    expect(negative.ok ? null : negative.errors.credit_limit).toBe("Le nombre ne peut pas être négatif.");
  });
});
