/**
 * Builds the local explorer (./app.tsx: GraphiQL, React and the role picker, all from
 * node_modules) with esbuild, in memory, when `npm start` starts: nothing is fetched from
 * the network, nothing is written to the clone, and the page always matches the source.
 * Local server only: nothing here is imported by lambda/.
 */
import { build, stop } from 'esbuild';
import { fileURLToPath } from 'node:url';

export type ExplorerAssets = { html: string; js: string; css: string };

export async function buildExplorer(): Promise<ExplorerAssets> {
  const result = await build({
    entryPoints: { app: fileURLToPath(new URL('./app.tsx', import.meta.url)) },
    bundle: true,
    write: false,
    outdir: '/explorer',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    // GraphiQL's stylesheet inlines its fonts as data: URLs; anything else would be a file.
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  // esbuild's service process is not needed any more (a later build starts it again).
  await stop();
  const out = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { html: explorerHtml(), js: out('.js'), css: out('.css') };
}

function explorerHtml(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Medical-necessity API · local explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/explorer/app.css">
<style>
  html, body, #root { height: 100%; margin: 0; }
  .mn-page { display: flex; flex-direction: column; height: 100%; font-family: system-ui, sans-serif; }
  .mn-roles { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; padding: 0.5rem 1rem; border-bottom: 1px solid #ccc; font-size: 14px; }
  .mn-current { color: #555; font-family: monospace; }
  .mn-error { color: #b00020; }
  .mn-ide { flex: 1; min-height: 0; }
  .mn-wait { padding: 1rem; }
</style>
</head>
<body>
<div id="root"></div>
<script type="module" src="/explorer/app.js"></script>
</body>
</html>
`;
}
