// The one Vite config for every web app: one build, one entry per app (apps/<name>/index.html),
// shared code in apps/shared. `vite build` writes apps/dist, which the server serves
// (src/platform/http/static-apps.ts); `npm run dev` serves the same apps with hot reload.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.KASIR_API_URL ?? 'http://127.0.0.1:3000';

/** The apps, by URL prefix. Add one here and in APPS (static-apps.ts). */
export const APP_ENTRIES = {
  register: here('./apps/register/index.html'),
  office: here('./apps/office/index.html'),
  waiter: here('./apps/waiter/index.html'),
  kitchen: here('./apps/kitchen/index.html'),
  t: here('./apps/table/index.html'),
};

export default defineConfig({
  root: here('./apps'),
  base: '/',
  plugins: [
    react(),
    // The register is an installable PWA: its shell (HTML, JS, CSS, icon) is precached by a
    // Workbox service worker scoped to /register/; API calls always go to the network.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: null, // registered by apps/register/main.tsx with the /register/ scope
      filename: 'register/sw.js',
      manifestFilename: 'register/manifest.webmanifest',
      includeAssets: [],
      manifest: {
        name: 'Kasir — Register',
        short_name: 'Kasir',
        description: 'Kasir point-of-sale register',
        lang: 'id',
        start_url: '/register/',
        scope: '/register/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#0f1b26',
        theme_color: '#0f1b26',
        icons: [{ src: '/register/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['assets/*.{js,css}', 'register/index.html', 'register/icon.svg'],
        // The worker lives at /register/sw.js: without a leading slash its precache URLs would
        // resolve under /register/ (/register/assets/…), which the server does not serve.
        modifyURLPrefix: { '': '/' },
        navigateFallback: '/register/index.html',
        navigateFallbackAllowlist: [/^\/register\//],
        navigateFallbackDenylist: [/^\/v1\//, /^\/realtime/],
        cleanupOutdatedCaches: true,
        // The outlet's menu is kept for the next load (network first): the offline issue builds on it.
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname === '/v1/catalog/menu',
            handler: 'NetworkFirst',
            options: { cacheName: 'kasir-menu', networkTimeoutSeconds: 3, expiration: { maxEntries: 4 } },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: here('./apps/dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    rollupOptions: { input: APP_ENTRIES },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    fs: { allow: [here('.')] },
    proxy: {
      '/v1': api,
      '/realtime': { target: api, ws: true },
      '/openapi.json': api,
    },
  },
});
