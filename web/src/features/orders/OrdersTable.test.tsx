// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { Order } from "@/api/types";
import { markArrived } from "@/lib/arrivals";

import { OrdersTable } from "./OrdersTable";

const order: Order = {
  id: "o1", order_number: "261124-ABC123", local_id: null, client_name: "Maïmouna Bado",
  client_phone: "+22666982107", delivery_address: "", delivery_date: "2026-11-27",
  delivery_status: "en_preparation", payment_status: "payee", priority: "haute", total_price: 4450,
  amount_paid: 4450, amount_due: 0, notes: "", items: [], created_by: "u1", created_by_username: "salif",
  created_at: "2026-11-24T08:00:00Z", updated_at: "2026-11-24T08:00:00Z", version: 3,
  unusual_reasons: [],
  over_credit_limit: false,
  returned_value: 0,
};

describe("OrdersTable", () => {
  it("is a real table with the columns managers look for, in words", () => {
    const onOpen = vi.fn();
    render(<OrdersTable orders={[order]} ordering="-created_at" onSort={() => {}} onOpen={onOpen} />);
    const table = screen.getByRole("table", { name: "Commandes" });
    for (const name of ["N°", "Client", "Statut", "Paiement", "Priorité", "Total"]) {
      expect(within(table).getByRole("columnheader", { name: new RegExp(`^${name}`) })).toBeTruthy();
    }
    const row = within(table).getAllByRole("row")[1]!;
    expect(row.textContent).toContain("En préparation");
    expect(row.textContent).toContain("Payée");
    expect(row.textContent).toContain("Haute");
    expect(row.textContent).toContain("4 450 FCFA");
    expect(row.textContent).toContain("+226 66 98 21 07");
    within(row).getByRole("button", { name: "Ouvrir la commande 261124-ABC123" }).click();
    expect(onOpen).toHaveBeenCalledWith("o1");
  });

  it("announces the sorted column", () => {
    render(<OrdersTable orders={[order]} ordering="-created_at" onSort={() => {}} onOpen={() => {}} />);
    expect(screen.getByRole("columnheader", { name: /^Créée le/ }).getAttribute("aria-sort")).toBe("descending");
  });

  it("tags only the rows pushed live as just arrived, never with a status name", () => {
    markArrived("o2");
    render(<OrdersTable orders={[order, { ...order, id: "o2", order_number: "261124-LIVE01" }]}
      ordering="-created_at" onSort={() => {}} onOpen={() => {}} />);
    const [, filtered, pushed] = screen.getAllByRole("row");
    expect(pushed!.textContent).toContain("Arrivée à l'instant");
    expect(filtered!.textContent).not.toContain("Arrivée à l'instant");
  });

  it("shows an amber « À vérifier » badge with its reasons on unusual orders only", () => {
    const reasons = ["Total de 250 000 000 FCFA, plus de 500 000 FCFA.", "Livraison le 01/01/2020 : date déjà passée."];
    render(<OrdersTable orders={[order, { ...order, id: "o3", order_number: "261124-HUGE01", unusual_reasons: reasons }]}
      ordering="-created_at" onSort={() => {}} onOpen={() => {}} />);
    const [, usual, unusual] = screen.getAllByRole("row");
    expect(usual!.textContent).not.toContain("À vérifier");
    const badge = within(unusual!).getByText("À vérifier");
    const pill = badge.closest("[data-unusual]")!;
    expect(pill.getAttribute("title")).toBe(reasons.join("\n"));
    expect(pill.className).toContain("bg-amber-100");
    expect(unusual!.textContent).toContain("date déjà passée");
  });

  it("shows a red « Crédit dépassé » badge on orders over their customer's credit limit only", () => {
    render(<OrdersTable orders={[order, { ...order, id: "o4", order_number: "261124-CREDIT", over_credit_limit: true }]}
      ordering="-created_at" onSort={() => {}} onOpen={() => {}} />);
    const [, withinLimit, over] = screen.getAllByRole("row");
    expect(withinLimit!.textContent).not.toContain("Crédit dépassé");
    const pill = within(over!).getByText("Crédit dépassé").closest("[data-over-credit]")!;
    expect(pill.className).toContain("bg-red-100");
    expect(pill.getAttribute("title")).toContain("limite de crédit");
  });
});
