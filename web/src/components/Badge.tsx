import { labelOf } from "@/i18n/labels";

const TONES = {
  blue: "bg-sky-100 text-sky-900 ring-sky-300",
  amber: "bg-amber-100 text-amber-900 ring-amber-300",
  violet: "bg-violet-100 text-violet-900 ring-violet-300",
  green: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  red: "bg-red-100 text-red-900 ring-red-300",
  orange: "bg-orange-100 text-orange-900 ring-orange-300",
  gray: "bg-slate-100 text-slate-700 ring-slate-300",
} as const;

export type Tone = keyof typeof TONES;

const STATUS_TONES: Record<string, Tone> = {
  nouvelle: "blue", en_preparation: "amber", en_cours: "violet", livree: "green", annulee: "gray",
};
const PAYMENT_TONES: Record<string, Tone> = { payee: "green", partielle: "amber", non_payee: "orange" };
const PRIORITY_TONES: Record<string, Tone> = { haute: "red", moyenne: "amber", basse: "gray" };

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "gray"}>{labelOf("delivery", status)}</Badge>;
}

export function PaymentBadge({ status }: { status: string }) {
  return <Badge tone={PAYMENT_TONES[status] ?? "gray"}>{labelOf("payment", status)}</Badge>;
}

const PRIORITY_MARKS: Record<string, string> = { haute: "▲", moyenne: "■", basse: "▼" };

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge tone={PRIORITY_TONES[priority] ?? "gray"}>
      <span aria-hidden="true" className="mr-1 text-[0.6rem]">{PRIORITY_MARKS[priority]}</span>
      {labelOf("priority", priority)}
    </Badge>
  );
}

/** An order outside the usual bounds (a likely typo): amber, its reasons in the tooltip. */
export function UnusualBadge({ reasons, label }: { reasons: string[]; label: string }) {
  if (reasons.length === 0) return null;
  return (
    <span title={reasons.join("\n")} data-unusual=""
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${TONES.amber}`}>
      <span aria-hidden="true" className="mr-1">⚠</span>
      <span>{label}</span>
    </span>
  );
}

/** An order that took its customer's balance above his credit limit and still owes: red. */
export function CreditBadge({ over, label, hint }: { over: boolean; label: string; hint: string }) {
  if (!over) return null;
  return (
    <span title={hint} data-over-credit=""
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${TONES.red}`}>
      <span aria-hidden="true" className="mr-1">⛔</span>
      <span>{label}</span>
    </span>
  );
}
