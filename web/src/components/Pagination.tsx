import { fr } from "@/i18n/fr";

type Props = { page: number; pageSize: number; count: number; noun: string; onPage: (page: number) => void };

export function Pagination({ page, pageSize, count, noun, onPage }: Props) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  return (
    <nav aria-label={fr.common.pagination} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm">
      <p className="text-slate-600">{fr.common.results(count, noun)} · {fr.common.pageOf(page, pages)}</p>
      <div className="flex gap-2">
        <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {fr.common.previous}
        </button>
        <button type="button" className="btn-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          {fr.common.next}
        </button>
      </div>
    </nav>
  );
}
