/** "Mes commandes": every order on the phone, its number, total and where it stands. */
import { copy } from '../../copy';
import { formatFcfa } from '../../lib/money';
import { isEditable, listOrders } from '../../store/orders';
import type { LocalOrder } from '../../store/types';
import { useAppState } from '../../state';
import { Flash } from '../components/Flash';
import { LogoutButton } from '../components/LogoutButton';
import { StateBadge } from '../components/StateBadge';
import { SyncBar } from '../components/SyncBar';
import { paths } from '../router';
import { useLoad } from '../useAsync';

function OrderCard({ order }: { order: LocalOrder }) {
  return (
    <li class={`card card-${order.state}`}>
      <a class="card-main" href={paths.detail(order.local_id)}>
        <span class="order-number">{order.order_number}</span>
        <span class="card-client">{order.client_name}</span>
        <span class="card-total">{formatFcfa(order.total_price)}</span>
      </a>
      <div class="card-status">
        <StateBadge state={order.state} />
        <span class="delivery">{copy.delivery[order.delivery_status]}</span>
      </div>
      {order.state === 'rejected' && order.rejection && <p class="error">{order.rejection.detail}</p>}
      {isEditable(order) && (
        <a class="btn btn-small btn-secondary" href={paths.edit(order.local_id)}>{copy.list.edit}</a>
      )}
    </li>
  );
}

export function Orders() {
  const { revision, storageRefused } = useAppState();
  const orders = useLoad(listOrders, [revision]);
  return (
    <>
      <Flash />
      <a class="btn btn-primary btn-block btn-huge" href={paths.newOrder}>{copy.nav.newOrder}</a>
      <a class="btn btn-secondary btn-block" href={paths.cash}>{copy.cash.title}</a>
      <SyncBar />
      {storageRefused && <p class="hint">{copy.storage.refused}</p>}
      <h1>{copy.nav.myOrders}</h1>
      {orders?.length === 0 && <p class="hint">{copy.list.empty}</p>}
      <ul class="cards" aria-label={copy.nav.myOrders}>
        {orders?.map((order) => <OrderCard order={order} key={order.local_id} />)}
      </ul>
      <LogoutButton />
    </>
  );
}
