/** Dates as the vendors read them (Koudougou is on UTC all year). */
const TIME_ZONE = 'Africa/Ouagadougou';

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', {
    timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** "24/11 08:15": enough on a list, on a small screen. */
export function formatShort(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', {
    timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit',
  });
}

/** "14:05", the shop's time. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('fr-FR', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
}

/** "dimanche 29 novembre 2026" for a day "2026-11-29". */
export function formatLongDay(isoDay: string): string {
  return new Date(`${isoDay}T12:00:00Z`).toLocaleDateString('fr-FR', {
    timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  });
}

export function formatDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}/${month}/${year}`;
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}\u00a0o`; // a non-breaking space: "2,1 Ko" never wraps
  return `${(bytes / 1024).toFixed(1).replace('.', ',')}\u00a0Ko`;
}
