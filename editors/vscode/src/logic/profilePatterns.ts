// Profile file name patterns (pure; no `vscode` import). The server sends the
// one list in its initialize result; file pickers are filtered by it.

/**
 * Used only when the server sends no list. The unit tests keep it equal to
 * the server's list and to package.json's `workspaceContains:` events.
 */
export const FALLBACK_PROFILE_PATTERNS: readonly string[] = ['*.pb.gz', '*.pprof', '*.prof', 'default.pgo'];

/** `capabilities.experimental.pprof.profilePatterns` of an initialize result, else the fallback. */
export function profilePatternsOf(capabilities: unknown): readonly string[] {
  const sent = (capabilities as { experimental?: { pprof?: { profilePatterns?: unknown } } } | undefined)
    ?.experimental?.pprof?.profilePatterns;
  if (Array.isArray(sent)) {
    const patterns = sent.filter((p): p is string => typeof p === 'string' && p.length > 0);
    if (patterns.length > 0) return patterns;
  }
  return FALLBACK_PROFILE_PATTERNS;
}

/**
 * `showOpenDialog` filters for the patterns. Filters take file name endings
 * without the dot (`pb.gz`), not globs: `*.pb.gz` gives `pb.gz`, and a whole
 * name such as `default.pgo` gives its extension, `pgo`.
 */
export function fileDialogFilters(patterns: readonly string[]): Record<string, string[]> {
  const endings: string[] = [];
  for (const p of patterns) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    const dot = name.startsWith('*.') ? 1 : name.lastIndexOf('.');
    if (dot < 0) continue; // a name without an extension cannot be a filter
    const ending = name.slice(dot + 1);
    if (ending && !ending.includes('*') && !endings.includes(ending)) endings.push(ending);
  }
  return { 'pprof profiles': endings, 'All files': ['*'] };
}
