/** Which delivery statuses a manager may move an order to (the contract's state machine). */
import type { DeliveryStatus } from "@/api/types";

const FORWARD: DeliveryStatus[] = ["nouvelle", "en_preparation", "en_cours", "livree"];

export function isFinal(status: DeliveryStatus): boolean {
  return status === "livree" || status === "annulee";
}

/** Forward moves (steps may be skipped), in order. */
export function forwardMoves(status: DeliveryStatus): DeliveryStatus[] {
  if (isFinal(status)) return [];
  return FORWARD.slice(FORWARD.indexOf(status) + 1);
}

export function mayCancel(status: DeliveryStatus): boolean {
  return !isFinal(status);
}

/** `open` in the status filter means every order still to handle. */
export const OPEN_STATUSES = "nouvelle,en_preparation,en_cours";
