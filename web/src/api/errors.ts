/** Errors from the API as one class, and their meaning in words a manager understands. */
import { fr } from "@/i18n/fr";
import { labelOf } from "@/i18n/labels";

export type Shortage = { product_id: string; product_name: string; requested: number; available: number };

export type ErrorBody = {
  detail?: unknown;
  code?: string;
  shortages?: Shortage[];
  from?: string;
  to?: string;
  [key: string]: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: unknown) {
    const shaped: ErrorBody = body && typeof body === "object" ? (body as ErrorBody) : {};
    super(typeof shaped.detail === "string" ? shaped.detail : `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = shaped;
  }

  get code(): string | undefined {
    return this.body.code;
  }
}

function quantity(value: number): string {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 }).format(value)
    .replace(/[\u202f\u00a0]/g, " ");
}

/** What a request was doing, so that a refusal says what did not happen. */
export type StockAction = keyof typeof fr.errors.insufficientStock;

function shortagesText(shortages: Shortage[], action: StockAction): string {
  const lines = shortages.map((s) => fr.errors.shortageLine(
    s.product_name, quantity(s.requested), quantity(Math.max(s.available, 0))));
  return `${fr.errors.insufficientStock[action]} ${lines.join(" ; ")}.`;
}

const FIELD_LABELS: Record<string, string | undefined> = fr.fields;

/** The invalid fields in words; a field without a French label is left out, never shown raw. */
function validationText(detail: unknown): string {
  if (!Array.isArray(detail)) return fr.errors.validation;
  const fields = detail
    .map((problem: { loc?: unknown[] }) => FIELD_LABELS[String(problem.loc?.[problem.loc.length - 1])])
    .filter((label): label is string => Boolean(label));
  return fields.length ? `${fr.errors.validation} (${[...new Set(fields)].join(", ")})` : fr.errors.validation;
}

/** The sentence to show for any error thrown by a request. */
export function errorMessage(error: unknown, action: StockAction = "other"): string {
  if (!(error instanceof ApiError)) {
    return error instanceof TypeError ? fr.errors.network : fr.errors.unknown;
  }
  const { body } = error;
  switch (body.code) {
    case "insufficient_stock":
      return body.shortages?.length ? shortagesText(body.shortages, action) : fr.errors.insufficientStockPlain;
    case "overpayment": {
      const due = Number(body.amount_due);
      if (!Number.isFinite(due)) break;
      return due <= 0 ? fr.errors.overpaidFully : fr.errors.overpayment(`${quantity(due)} FCFA`);
    }
    case "invalid_transition":
      return fr.errors.invalidTransition(labelOf("delivery", body.from), labelOf("delivery", body.to));
    case undefined:
      break;
    default: {
      const known = fr.errors.byCode[body.code as keyof typeof fr.errors.byCode];
      if (known) return known;
    }
  }
  if (typeof body.detail === "string" && body.detail) return body.detail;
  if (error.status === 422) return validationText(body.detail);
  return fr.errors.byStatus[error.status as keyof typeof fr.errors.byStatus] ?? fr.errors.unknown;
}
