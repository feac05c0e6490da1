/** What stays free for open orders after a movement: below 0, orders are promised stock that is gone. */
import type { MovementType, Product } from "@/api/types";

type Stock = Pick<Product, "stock_quantity" | "available_quantity">;

/** `available_quantity` once the movement is recorded (an adjustment's quantity is the counted stock). */
export function availableAfter(kind: MovementType, quantity: number, product: Stock): number {
  const change = kind === "entree" ? quantity : kind === "sortie" ? -quantity : quantity - product.stock_quantity;
  return Math.round((product.available_quantity + change) * 1000) / 1000;
}

/** An exit or an adjustment that the stock allows but that leaves open orders short asks first
 * (an exit beyond the stock itself is the server's to refuse). */
export function leavesOrdersShort(kind: MovementType, quantity: number, product: Stock): boolean {
  const exceedsStock = kind === "sortie" && quantity > product.stock_quantity;
  return kind !== "entree" && !exceedsStock && availableAfter(kind, quantity, product) < 0;
}
