import type { Customer } from "@/api/types";
import { Badge } from "@/components/Badge";
import { fr } from "@/i18n/fr";
import { formatDate, formatMoney } from "@/lib/format";

import { daysSince, isOverLimit } from "./rules";

/** The red tag of a customer who owes more than his credit limit. */
export function OverLimitTag({ customer }: { customer: Customer }) {
  if (!isOverLimit(customer)) return null;
  return (
    <span title={fr.customers.overLimitTitle(formatMoney(customer.balance), formatMoney(customer.credit_limit))} data-over-limit="">
      <Badge tone="red">{fr.customers.overLimit}</Badge>
    </span>
  );
}

export function OldestDebt({ since }: { since: string | null }) {
  if (!since) return <span className="text-slate-500">{fr.customers.noDebt}</span>;
  return (
    <span className="whitespace-nowrap">
      {formatDate(since)} <span className="text-xs text-slate-600">({fr.customers.debtAge(daysSince(since))})</span>
    </span>
  );
}
