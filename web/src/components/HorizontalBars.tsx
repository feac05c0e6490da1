/** A small chart shared by the reports and the losses screens: no chart library for a few figures. */

export type Bar = { key: string; label: string; value: number; display: string; tone?: string };

/** Horizontal bars with their values written out (readable without colour). */
export function HorizontalBars({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <ul aria-label={label} className="space-y-2">
      {bars.map((bar) => (
        <li key={bar.key} className="grid grid-cols-[minmax(7rem,12rem)_1fr_auto] items-center gap-3 text-sm">
          <span className="truncate" title={bar.label}>{bar.label}</span>
          <span className="h-3 rounded-full bg-slate-100">
            <span className={`block h-3 rounded-full ${bar.tone ?? "bg-emerald-600"}`} style={{ width: `${(bar.value / max) * 100}%` }} />
          </span>
          <span className="whitespace-nowrap text-right font-medium tabular-nums">{bar.display}</span>
        </li>
      ))}
    </ul>
  );
}

/** The bars in a card under their title (the page's `h2` or, within a section, `h3`). */
export function BarsCard({ id, title, bars, level = "h2" }: { id: string; title: string; bars: Bar[]; level?: "h2" | "h3" }) {
  const Heading = level;
  return (
    <section className="card p-4" aria-labelledby={id}>
      <Heading id={id} className="mb-3 font-semibold">{title}</Heading>
      <HorizontalBars bars={bars} label={title} />
    </section>
  );
}
