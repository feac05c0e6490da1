import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';

/** The vendor app, served by the backend at /mobile/ (api/app.py, mount_front_ends). */
export default defineConfig({
  base: '/mobile/',
  build: { target: 'es2020', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
  plugins: [
    VitePWA({
      injectRegister: false, // src/sw/register.ts registers it and shows the update prompt
      registerType: 'prompt',
      includeAssets: ['icons/icon.svg'],
      manifest: {
        name: 'Gapal — Vendeur',
        short_name: 'Gapal',
        description: 'Prise de commandes hors ligne pour les vendeurs de Gapal du Faso',
        id: '/mobile/',
        lang: 'fr',
        start_url: '/mobile/',
        scope: '/mobile/',
        display: 'standalone', // no orientation lock: a phone on a stand or a tablet turns (WCAG 1.3.4)
        background_color: '#fffaf0',
        theme_color: '#1f5f3a',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
        // Shown by the install prompt; not cached on the phone (vendors pay for every byte).
        screenshots: [
          { src: 'screenshots/commandes.png', sizes: '360x640', type: 'image/png', form_factor: 'narrow', label: 'Mes commandes' },
          { src: 'screenshots/caisse.png', sizes: '360x640', type: 'image/png', form_factor: 'narrow', label: 'Ma caisse du jour' },
        ],
      },
      workbox: {
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['screenshots/**'],
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/^\/mobile\//],
        navigateFallbackDenylist: [/^\/api\//],
      },
    }),
  ],
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    css: { include: [/app\.css/] }, // contrast.test.ts reads the real colours
  },
});
