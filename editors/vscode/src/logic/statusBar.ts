// What the status bar item shows (pure; no `vscode` import).
import { Status } from './protocol';

export interface StatusBarView {
  text: string;
  tooltip: string;
}

const ICON = '$(flame) ';
/** Shown instead of ICON while the server loads (or polls) a profile. */
export const LOADING_ICON = '$(sync~spin) ';
export const SNAPSHOTS_HEADING = 'Timeline snapshots (oldest first):';

export const CLICK_HINT = 'Click to choose the sample type.';
export const OVERRIDES_HINT = 'Run "pprof: Use Settings Again" to go back to what your settings say.';

/** True when a command chose something over the user's settings. */
export function hasOverrides(status: Status): boolean {
  return Object.keys(status.overrides ?? {}).length > 0;
}

/** The server's title and details; before the first status, a placeholder that says so. */
export function statusBarView(status: Status | undefined): StatusBarView {
  if (!status) {
    return { text: `${ICON}pprof`, tooltip: 'Waiting for the pprof-lsp server…' };
  }
  const tooltip = [...(status.details ?? [])];
  const snapshots = status.timeline?.snapshots ?? [];
  if (snapshots.length) {
    tooltip.push(SNAPSHOTS_HEADING);
    for (const s of snapshots) tooltip.push(`  ${s.label}${s.role ? ` (${s.role})` : ''}`);
  }
  if (hasOverrides(status)) tooltip.push(OVERRIDES_HINT);
  tooltip.push(CLICK_HINT);
  return { text: (status.loading ? LOADING_ICON : ICON) + status.title, tooltip: tooltip.join('\n') };
}

/** When no server could be started: the reason, and a click opens the setting. */
export function noServerView(error: string): StatusBarView {
  return { text: '$(error) pprof: no server', tooltip: error };
}
