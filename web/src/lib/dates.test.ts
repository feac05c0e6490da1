import { describe, expect, it } from "vitest";

import { dateInput, parseDate, parseDateWithin } from "./dates";

describe("parseDate", () => {
  it("reads French dates, whatever the separator, to ISO", () => {
    expect(parseDate("25/12/2026")).toEqual({ ok: true, value: "2026-12-25" });
    expect(parseDate(" 5/3/2026 ")).toEqual({ ok: true, value: "2026-03-05" });
    expect(parseDate("05-03-2026")).toEqual({ ok: true, value: "2026-03-05" });
    expect(parseDate("05.03.2026")).toEqual({ ok: true, value: "2026-03-05" });
    expect(parseDate("05 03 2026")).toEqual({ ok: true, value: "2026-03-05" });
    expect(parseDate("05032026")).toEqual({ ok: true, value: "2026-03-05" });
    expect(parseDate("05/03/26")).toEqual({ ok: true, value: "2026-03-05" });
  });

  it("reads the day first, never the month (no mm/dd/yyyy)", () => {
    expect(parseDate("01/02/2026")).toEqual({ ok: true, value: "2026-02-01" });
    expect(parseDate("12/31/2026")).toEqual({ ok: false, error: "Le mois va de 01 à 12." });
  });

  it("takes a pasted ISO date as it is", () => {
    expect(parseDate("2026-11-29")).toEqual({ ok: true, value: "2026-11-29" });
  });

  it("is empty when nothing is typed", () => {
    expect(parseDate("")).toEqual({ ok: true, value: null });
    expect(parseDate("   ")).toEqual({ ok: true, value: null });
  });

  it("refuses days that do not exist, in French", () => {
    expect(parseDate("31/02/2026")).toEqual({ ok: false, error: "Le 31/02/2026 n’existe pas (ce mois a 28 jours)." });
    expect(parseDate("29/02/2028")).toEqual({ ok: true, value: "2028-02-29" });
    expect(parseDate("29/02/2027").ok).toBe(false);
    expect(parseDate("00/01/2026").ok).toBe(false);
    expect(parseDate("31/04/2026").ok).toBe(false);
    expect(parseDate("2026-02-30").ok).toBe(false);
  });

  it("refuses anything else with an example", () => {
    for (const text of ["demain", "25/12", "2026/12/25", "25/12/2026 10:00", "1/1/1", "25//12/2026"]) {
      expect(parseDate(text)).toEqual({ ok: false, error: "Saisissez une date jj/mm/aaaa, par exemple 25/12/2026." });
    }
  });
});

describe("parseDateWithin", () => {
  it("holds the date between its bounds, said in French dates", () => {
    expect(parseDateWithin("10/11/2026", "2026-11-20")).toEqual({ ok: false, error: "Choisissez une date à partir du 20/11/2026." });
    expect(parseDateWithin("30/11/2026", undefined, "2026-11-20")).toEqual({ ok: false, error: "Choisissez une date jusqu’au 20/11/2026." });
    expect(parseDateWithin("20/11/2026", "2026-11-20", "2026-11-20")).toEqual({ ok: true, value: "2026-11-20" });
    expect(parseDateWithin("", "2026-11-20")).toEqual({ ok: true, value: null });
  });
});

describe("dateInput", () => {
  it("shows a stored date the French way, and reads back", () => {
    expect(dateInput("2026-12-25")).toBe("25/12/2026");
    expect(dateInput(null)).toBe("");
    expect(dateInput(undefined)).toBe("");
    expect(parseDate(dateInput("2026-01-05"))).toEqual({ ok: true, value: "2026-01-05" });
  });
});
