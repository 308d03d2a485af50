// npm run dev — the API (tsx watch, restarts on server changes) and the web apps with hot reload
// (Vite dev server on :5173, proxying /v1, /realtime and /openapi.json to the API).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = spawn('npx', ['tsx', 'watch', 'src/server.ts'], { cwd: root, stdio: 'inherit' });
const vite = await createServer({ configFile: path.join(root, 'vite.config.ts') });
await vite.listen();
console.log('\n  Web apps with hot reload: http://127.0.0.1:5173/register/  (API on :3000)\n');

const stop = () => {
  api.kill('SIGTERM');
  void vite.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
api.on('exit', (code) => {
  void vite.close().then(() => process.exit(code ?? 0));
});
