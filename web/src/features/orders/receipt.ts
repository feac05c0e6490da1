import { queryOptions } from "@tanstack/react-query";

import { fetchBlob } from "@/api/client";
import { keys } from "@/api/keys";
import type { Order } from "@/api/types";
import { saveBlob } from "@/lib/download";

export type ReceiptSize = "58mm" | "a5";

const BURKINA = "226";

/** The digits wa.me wants: `+226 70 12 34 56`, `0022670123456` and `70 12 34 56` all give
 * `22670123456`. */
export function whatsappNumber(phone: string | null | undefined): string {
  const digits = (phone ?? "").replace(/\D/g, "").replace(/^00/, "");
  return digits.length === 8 ? `${BURKINA}${digits}` : digits;
}

/** A WhatsApp link that opens a chat with the client, the receipt typed in; without a phone,
 * WhatsApp asks whom to send it to. */
export function whatsappLink(phone: string | null | undefined, text: string): string {
  return `https://wa.me/${whatsappNumber(phone)}?text=${encodeURIComponent(text)}`;
}

export function receiptPath(orderId: string, size?: ReceiptSize): string {
  return `/api/orders/${orderId}/receipt/${size ? `?size=${size}` : ""}`;
}

/** The receipt as text, fetched again whenever the order changes (its version). */
export const receiptTextQuery = (order: Pick<Order, "id" | "version">) => queryOptions({
  queryKey: keys.orders.receipt(order.id, order.version),
  queryFn: async () => (await fetchBlob(receiptPath(order.id), "text/plain")).text(),
});

/** Downloads the receipt's PDF under a clear name, for the browser to open and print. (Shown in
 * a new tab, the blob would inherit the dashboard's `object-src 'none'`, which stops the PDF
 * viewer.) */
export async function downloadReceiptPdf(order: Pick<Order, "id" | "order_number">, size: ReceiptSize): Promise<void> {
  saveBlob(await fetchBlob(receiptPath(order.id, size)), `recu_${order.order_number}_${size}.pdf`);
}
