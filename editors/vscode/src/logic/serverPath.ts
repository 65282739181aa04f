// Server binary resolution (pure; no `vscode` import).
import * as path from 'path';

export interface ResolveInput {
  extensionPath: string;
  platform: string; // process.platform
  configuredPath?: string | null; // pprof.server.path
  envPath?: string; // process.env.PATH
  workspaceFolder?: string; // for relative / ${workspaceFolder} settings
  homeDir?: string;
  exists: (p: string) => boolean; // an executable regular file exists at p
}

export type ResolveResult =
  | { ok: true; path: string; source: 'bundled' | 'setting' | 'PATH' }
  | { ok: false; error: string };

export const SERVER_NAME = 'pprof-lsp';

export function exeName(platform: string): string {
  return platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME;
}

/** Expands `~`, `${workspaceFolder}` and `${userHome}`; relative paths are taken from the workspace folder. */
export function expandConfiguredPath(p: string, workspaceFolder?: string, homeDir?: string): string {
  let s = p.trim();
  if (homeDir) {
    if (s === '~' || s.startsWith('~/')) s = homeDir + s.slice(1);
    s = s.split('${userHome}').join(homeDir);
  }
  if (workspaceFolder) s = s.split('${workspaceFolder}').join(workspaceFolder);
  if (!path.isAbsolute(s) && workspaceFolder && (s.includes('/') || s.includes('\\'))) {
    s = path.join(workspaceFolder, s);
  }
  return s;
}

function searchPath(name: string, envPath: string | undefined, platform: string, exists: (p: string) => boolean): string | undefined {
  if (!envPath) return undefined;
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of envPath.split(sep)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Order: the binary bundled in the extension (server/pprof-lsp), else the
 * `pprof.server.path` setting, else `pprof-lsp` on PATH, else an error that
 * names the setting.
 */
export function resolveServerPath(inp: ResolveInput): ResolveResult {
  const exe = exeName(inp.platform);
  const bundled = path.join(inp.extensionPath, 'server', exe);
  if (inp.exists(bundled)) return { ok: true, path: bundled, source: 'bundled' };

  const configured = inp.configuredPath?.trim();
  if (configured) {
    const p = expandConfiguredPath(configured, inp.workspaceFolder, inp.homeDir);
    if (path.isAbsolute(p)) {
      if (inp.exists(p)) return { ok: true, path: p, source: 'setting' };
      return {
        ok: false,
        error: `pprof: the server binary set in "pprof.server.path" (${p}) does not exist or is not executable. Fix the setting "pprof.server.path", or clear it to use ${SERVER_NAME} from PATH.`,
      };
    }
    // A bare name: look it up on PATH.
    const found = searchPath(p, inp.envPath, inp.platform, inp.exists);
    if (found) return { ok: true, path: found, source: 'setting' };
    return {
      ok: false,
      error: `pprof: "${p}" (from the setting "pprof.server.path") was not found on PATH. Set "pprof.server.path" to the full path of the ${SERVER_NAME} binary.`,
    };
  }

  const onPath = searchPath(exe, inp.envPath, inp.platform, inp.exists);
  if (onPath) return { ok: true, path: onPath, source: 'PATH' };

  return {
    ok: false,
    error: `pprof: cannot find the ${SERVER_NAME} server. This extension has no bundled server, "pprof.server.path" is not set and ${SERVER_NAME} is not on PATH. Build it with "cargo build --release -p pprof-lsp" and set "pprof.server.path" to target/release/${SERVER_NAME}.`,
  };
}
