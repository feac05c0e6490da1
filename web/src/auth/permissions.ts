/** What each role may use on the dashboard (mirrors the contract's permission table). */
import type { Role } from "@/api/types";
import { fr } from "@/i18n/fr";

export type Section = "orders" | "customers" | "cash" | "products" | "stock" | "losses" | "reports" | "users" | "audit";

export const SECTIONS: { id: Section; href: string; label: string }[] = [
  { id: "orders", href: "/commandes/", label: fr.nav.orders },
  { id: "customers", href: "/clients/", label: fr.nav.customers },
  { id: "cash", href: "/caisse/", label: fr.nav.cash },
  { id: "products", href: "/produits/", label: fr.nav.products },
  { id: "stock", href: "/stock/", label: fr.nav.stock },
  { id: "losses", href: "/pertes/", label: fr.nav.losses },
  { id: "reports", href: "/rapports/", label: fr.nav.reports },
  { id: "users", href: "/utilisateurs/", label: fr.nav.users },
  { id: "audit", href: "/journal/", label: fr.nav.audit },
];

const ALLOWED: Record<Role, Section[]> = {
  admin: ["orders", "customers", "cash", "products", "stock", "losses", "reports", "users", "audit"],
  gestionnaire_commandes: ["orders", "customers", "cash", "products", "reports"],
  gestionnaire_stocks: ["products", "stock", "losses"],
  vendeur: [],
};

export function sectionsFor(role: Role) {
  return SECTIONS.filter((section) => ALLOWED[role].includes(section.id));
}

export function mayUse(role: Role, section: Section): boolean {
  return ALLOWED[role].includes(section);
}

export function mayEditCatalogue(role: Role): boolean {
  return role === "admin" || role === "gestionnaire_stocks";
}

/** Where a role lands after signing in. */
export function homeFor(role: Role): string {
  return sectionsFor(role)[0]?.href ?? "/accueil/";
}
