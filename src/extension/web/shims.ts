/*
 * Injected into the web extension's bundle only (scripts/build.mjs): a browser's web worker has
 * no `setImmediate`, which the model and the diagnostics use to give the extension host a turn
 * between batches. A zero timeout does the same there.
 */
const immediate = (callback: (...args: unknown[]) => void, ...args: unknown[]): ReturnType<typeof setTimeout> =>
  setTimeout(callback, 0, ...args);

export { immediate as setImmediate };
