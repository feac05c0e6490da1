/** Small hand-drawn charts (SVG and CSS): no chart library for three figures. */
import { fr } from "@/i18n/fr";
import { formatDate, formatMoney } from "@/lib/format";

type Day = { date: string; orders: number; revenue: number };

/** Evenly spaced labels: at most `most` of `count` positions get one. */
export function labelEvery(count: number, most: number): number {
  return Math.max(1, Math.ceil(count / most));
}

export function RevenueBars({ days }: { days: Day[] }) {
  const width = 1000;
  const height = 170;
  const bottom = 24;
  const max = Math.max(1, ...days.map((day) => day.revenue));
  const slot = width / Math.max(days.length, 1);
  const step = labelEvery(days.length, 10);
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height + bottom}`} role="img" aria-label={fr.reports.revenuePerDay} className="h-auto w-full">
        <line x1={0} x2={width} y1={height} y2={height} className="stroke-slate-300" />
        <text x={4} y={12} className="fill-slate-500 text-[11px]">{formatMoney(max)}</text>
        {days.map((day, index) => {
          const barHeight = (day.revenue / max) * (height - 20);
          const x = index * slot + slot * 0.15;
          return (
            <g key={day.date}>
              <rect x={x} y={height - barHeight} width={slot * 0.7} height={barHeight} rx={2} className="fill-emerald-600">
                <title>{fr.reports.chartDay(formatDate(day.date), formatMoney(day.revenue))}</title>
              </rect>
              {index % step === 0 && (
                <text x={Math.max(x + slot * 0.35, 18)} y={height + 16} textAnchor="middle" className="fill-slate-600 text-[11px]">
                  {formatDate(day.date).slice(0, 5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{fr.reports.revenuePerDay}</caption>
        <tbody>{days.map((day) => <tr key={day.date}><th scope="row">{formatDate(day.date)}</th><td>{formatMoney(day.revenue)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
