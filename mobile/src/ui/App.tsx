/** The vendor app's shell: sign-in when needed, else the current screen under a status header. */
import { copy } from '../copy';
import { useAppState } from '../state';
import { CashScreen } from './cash/CashScreen';
import { Header } from './components/Header';
import { DeliverScreen } from './delivery/DeliverScreen';
import { UpdateBanner } from './components/UpdateBanner';
import { PayScreen } from './payments/PayScreen';
import { ReturnScreen } from './returns/ReturnScreen';
import { useRoute } from './router';
import { Login } from './screens/Login';
import { OrderDetail } from './screens/OrderDetail';
import { Orders } from './screens/Orders';
import { OrderWizard } from './screens/OrderWizard';

export function App() {
  const state = useAppState();
  const route = useRoute();
  if (!state.user || state.sessionExpired) {
    return (
      <>
        <Header />
        <Login />
      </>
    );
  }
  return (
    <>
      <Header />
      {state.updateReady && <UpdateBanner />}
      <main class="screen" aria-label={copy.appName}>
        {route.name === 'orders' && <Orders />}
        {route.name === 'cash' && <CashScreen />}
        {route.name === 'new' && <OrderWizard localId={null} />}
        {route.name === 'edit' && <OrderWizard localId={route.localId} key={route.localId} />}
        {route.name === 'detail' && <OrderDetail localId={route.localId} key={route.localId} />}
        {route.name === 'deliver' && <DeliverScreen localId={route.localId} key={route.localId} />}
        {route.name === 'pay' && <PayScreen localId={route.localId} key={route.localId} />}
        {route.name === 'giveBack' && <ReturnScreen localId={route.localId} key={route.localId} />}
      </main>
    </>
  );
}
