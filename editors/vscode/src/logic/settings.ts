// Settings sent to the server (pure; no `vscode` import).

/** Keys of the `pprof` section the server understands (docs/server-interface.md). */
export const SERVER_KEYS = [
  'profile',
  'sampleType',
  'base',
  'baseOffset',
  'compareMode',
  'pathMappings',
  'inlayHints',
  'codeLens',
  'minShare',
  'diagnostics',
  'diagnosticsCount',
  'maxProfileMB',
  'keepSnapshots',
  'pollSeconds',
  'growthDiagnostics',
  'extraRoots',
] as const;

/**
 * The server's view of the `pprof` section: only the keys it knows (not the
 * client-side `heatmap` and `server.path`), without unset (null / empty) values.
 */
export function serverSettings(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!raw || typeof raw !== 'object') return out;
  const obj = raw as Record<string, unknown>;
  for (const k of SERVER_KEYS) {
    const v = obj[k];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    out[k] = v;
  }
  return out;
}
