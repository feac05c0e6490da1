/**
 * Registers the service worker. It takes over at once (skipWaiting + clientsClaim), so a new
 * version shows up as a controller change: the vendor is offered a reload rather than forced into
 * one in the middle of an order.
 */
import { setState } from '../state';

const HOURLY = 60 * 60_000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) setState({ updateReady: true });
  });
  void navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
    .then((registration) => {
      setInterval(() => {
        if (navigator.onLine) void registration.update();
      }, HOURLY);
    });
}
