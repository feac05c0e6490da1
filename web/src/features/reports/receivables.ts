import type { Receivable, Receivables } from "@/api/types";

export const BUCKETS = ["days_0_7", "days_8_30", "days_31_60", "days_over_60"] as const;
export type Bucket = (typeof BUCKETS)[number];

export type ReceivableLine = {
  key: string;
  name: string;
  phone: string;
  creditLimit: number | null;
  balance: number;
  overLimit: boolean;
  buckets: Record<Bucket, number>;
  kind: "customer" | "noCustomer" | "total";
};

function bucketsOf(line: Pick<Receivable, Bucket>): Record<Bucket, number> {
  return Object.fromEntries(BUCKETS.map((bucket) => [bucket, line[bucket]])) as Record<Bucket, number>;
}

/** The table's rows: the customers (biggest balance first, as the server sends them), the
 * orders without customer (« Sans client »), then the total row. */
export function receivableLines(report: Receivables, noCustomerName: string, totalName: string): ReceivableLine[] {
  const lines: ReceivableLine[] = report.results.map((line) => ({
    key: line.customer_id ?? "none", name: line.name, phone: line.phone, creditLimit: line.credit_limit ?? null,
    balance: line.balance, overLimit: line.over_limit, buckets: bucketsOf(line), kind: "customer",
  }));
  if (report.no_customer) {
    lines.push({
      key: "no-customer", name: noCustomerName, phone: "", creditLimit: null, balance: report.no_customer.balance,
      overLimit: false, buckets: bucketsOf(report.no_customer), kind: "noCustomer",
    });
  }
  lines.push({
    key: "total", name: totalName, phone: "", creditLimit: null, balance: report.balance_total, overLimit: false,
    buckets: bucketsOf(report.totals), kind: "total",
  });
  return lines;
}

/** `creances_2026-11-29.csv`: the day the debts are aged to. */
export function receivablesFileName(kind: "csv" | "pdf", asOf: string): string {
  return `creances_${asOf}.${kind}`;
}

/** The query string of the receivables' files (same filters as the table). */
export function receivablesQuery(format: "csv" | "pdf" | null, overLimitOnly: boolean): string {
  const params = new URLSearchParams();
  if (overLimitOnly) params.set("over_limit", "true");
  if (format) params.set("format", format);
  const text = params.toString();
  return text ? `?${text}` : "";
}
