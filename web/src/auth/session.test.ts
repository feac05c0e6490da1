import { describe, expect, it } from "vitest";

import { secondsLeft } from "./session";
import { homeFor, sectionsFor } from "./permissions";

function jwt(claims: object): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "HS256" })}.${encode(claims)}.signature`;
}

describe("session", () => {
  it("reads how long an access token still lives", () => {
    const now = Date.UTC(2026, 10, 24, 8, 0, 0);
    expect(secondsLeft(jwt({ exp: now / 1000 + 90 }), now)).toBe(90);
    expect(secondsLeft("garbage", now)).toBe(0);
  });
});

describe("what each role may open", () => {
  it("shows every section to an admin and none to a vendeur", () => {
    expect(sectionsFor("admin").map((s) => s.label)).toEqual(
      ["Commandes", "Clients", "Caisse", "Produits", "Stock", "Pertes", "Rapports", "Utilisateurs", "Journal d'audit"]);
    expect(sectionsFor("gestionnaire_commandes").map((s) => s.label)).toEqual(["Commandes", "Clients", "Caisse", "Produits", "Rapports"]);
    expect(sectionsFor("gestionnaire_stocks").map((s) => s.label)).toEqual(["Produits", "Stock", "Pertes"]);
    expect(sectionsFor("gestionnaire_stocks").map((s) => s.label)).not.toContain("Caisse");
    expect(sectionsFor("vendeur")).toEqual([]);
    expect(homeFor("vendeur")).toBe("/accueil/");
    expect(homeFor("gestionnaire_stocks")).toBe("/produits/");
  });
});
