import { fr } from "@/i18n/fr";

type Props = { label: string; field: string; ordering: string | undefined; onSort: (ordering: string) => void; className?: string };

/** A column header that sorts the table (DRF-style `ordering`), announcing the order with aria-sort. */
export function SortHeader({ label, field, ordering, onSort, className }: Props) {
  const active = ordering === field || ordering === `-${field}`;
  const descending = ordering === `-${field}`;
  const sort = active ? (descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={sort} className={className}>
      <button type="button" title={fr.orders.sortBy(label)} onClick={() => onSort(active && !descending ? `-${field}` : field)}
        className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
        {label}
        <span aria-hidden="true" className={active ? "text-emerald-700" : "text-slate-400"}>
          {active ? (descending ? "▼" : "▲") : "↕"}
        </span>
      </button>
    </th>
  );
}
