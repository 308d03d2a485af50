// The one Vite config for every web app: one build, one entry per app (apps/<name>/index.html),
// shared code in apps/shared. `vite build` writes apps/dist, which the server serves
// (src/platform/http/static-apps.ts); `npm run dev` serves the same apps with hot reload.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.KASIR_API_URL ?? 'http://127.0.0.1:3000';

/** The apps, by URL prefix. Add one here and in APPS (static-apps.ts). */
export const APP_ENTRIES = { register: here('./apps/register/index.html') };

export default defineConfig({
  root: here('./apps'),
  base: '/',
  plugins: [react()],
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
