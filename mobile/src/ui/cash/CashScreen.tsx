/** « Ma caisse du jour »: what the vendor brings back to the office, by payment method, offline. */
import { useEffect, useState } from 'preact/hooks';
import { copy } from '../../copy';
import { type CashDay, type CashEntry, cashOfDay } from '../../lib/cashbook';
import { addDays, formatLongDay, formatShort, formatTime, today } from '../../lib/dates';
import { formatFcfa } from '../../lib/money';
import { knownPayments } from '../../store/myPayments';
import { bumpRevision, useAppState } from '../../state';
import { refreshMyPayments } from '../../sync/myPayments';
import { paths } from '../router';
import { useLoad } from '../useAsync';

function ByMethod({ cash }: { cash: CashDay }) {
  return (
    <table class="cash-table">
      <caption>{copy.cash.byMethod}</caption>
      <thead>
        <tr><th scope="col">{copy.cash.method}</th><th scope="col">{copy.cash.count}</th><th scope="col">{copy.cash.amount}</th></tr>
      </thead>
      <tbody>
        {cash.methods.map((m) => (
          <tr key={m.method} class={m.count === 0 ? 'cash-none' : undefined}>
            <th scope="row">{copy.pay.methods[m.method]}</th><td>{m.count}</td><td>{formatFcfa(m.amount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr><th scope="row">{copy.cash.total}</th><td>{cash.count}</td><td>{formatFcfa(cash.total)}</td></tr>
      </tfoot>
    </table>
  );
}

function Entry({ entry }: { entry: CashEntry }) {
  return (
    <li class="cash-entry">
      <div class="money-line">
        <span><time dateTime={entry.received_at}>{formatTime(entry.received_at)}</time> · {entry.order_number}</span>
        <strong>{formatFcfa(entry.amount)}</strong>
      </div>
      <div class="money-line">
        <span>{entry.client_name}</span>
        <span>
          {copy.pay.methods[entry.method]}
          {entry.reference && ` · ${copy.cash.reference(entry.reference)}`}
        </span>
      </div>
      {!entry.sent && <span class="badge badge-pending">{copy.cash.unsent}</span>}
    </li>
  );
}

function DaySwitch({ day, pick }: { day: string; pick: (day: string) => void }) {
  const now = today();
  const choices: Array<[string, string]> = [[now, copy.cash.today], [addDays(now, -1), copy.cash.yesterday]];
  return (
    <div class="row" role="group" aria-label={copy.cash.days}>
      {choices.map(([value, label]) => (
        <button type="button" class="btn btn-secondary" aria-pressed={value === day} onClick={() => pick(value)} key={value}>
          {label}
        </button>
      ))}
    </div>
  );
}

export function CashScreen() {
  const { revision, online, user } = useAppState();
  const [day, setDay] = useState(today);
  const known = useLoad(() => knownPayments(user?.id ?? ''), [revision, user?.id]);
  useEffect(() => {
    if (online) void refreshMyPayments(new Date(), true).then(bumpRevision, () => undefined);
  }, [online]);
  const cash = known ? cashOfDay(day, known.entries) : null;
  return (
    <article class="detail cash">
      <a href={paths.orders} class="btn-link">← {copy.nav.myOrders}</a>
      <h1>{copy.cash.title}</h1>
      <DaySwitch day={day} pick={setDay} />
      <p class="cash-day">{formatLongDay(day)}</p>
      {cash && (
        <>
          <p class="cash-total" role="status">
            <span>{copy.cash.total}</span> <strong>{formatFcfa(cash.total)}</strong>
          </p>
          <ByMethod cash={cash} />
          <section aria-labelledby="cash-list">
            <h2 id="cash-list">{copy.cash.list}</h2>
            {cash.entries.length === 0 && <p class="hint">{copy.cash.none}</p>}
            <ul class="cards">{cash.entries.map((entry) => <Entry entry={entry} key={entry.local_id} />)}</ul>
          </section>
          <p class="hint">{copy.cash.source}</p>
          <p class="hint">{known?.fetchedAt ? copy.cash.fetched(formatShort(known.fetchedAt)) : copy.cash.neverFetched}</p>
        </>
      )}
    </article>
  );
}
