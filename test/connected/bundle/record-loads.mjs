// Module hooks for invoke-bundle.mjs: reports every file the bundle resolves (its own chunks)
// to the main thread, so a test can tell what a cold start loaded and what the first
// operation through the core added.
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) port.postMessage(result.url);
  return result;
}
