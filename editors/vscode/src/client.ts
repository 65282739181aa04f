// Starting and stopping the pprof-lsp language client.
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { profilePatternsOf } from './logic/profilePatterns';
import { Status } from './logic/protocol';
import { exeName, resolveServerPath } from './logic/serverPath';
import { SERVER_KEYS, serverSettings } from './logic/settings';
import { selectService, showCallers } from './commands';
import { PprofState, SECTION, errorText, settings } from './state';

/** The `pprof` settings the server knows, unset ones left out. */
function currentServerSettings(): Record<string, unknown> {
  const c = settings();
  const raw: Record<string, unknown> = {};
  for (const k of SERVER_KEYS) raw[k] = c.get(k);
  return serverSettings(raw);
}

function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A VSIX may lose the executable bit on some installs: restore it on the bundled server. */
function ensureBundledExecutable(state: PprofState): void {
  const p = state.context.asAbsolutePath(`server/${exeName(process.platform)}`);
  if (process.platform === 'win32' || !fs.existsSync(p) || isExecutableFile(p)) return;
  try {
    fs.chmodSync(p, 0o755);
  } catch (e) {
    state.log.appendLine(`cannot make ${p} executable: ${errorText(e)}`);
  }
}

function reportNoServer(state: PprofState, error: string): void {
  state.log.appendLine(error);
  state.setServerError(error);
  // Not awaited: the promise settles only when the message is dismissed.
  void vscode.window.showErrorMessage(error, 'Open Settings').then((choice) => {
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'pprof.server.path');
    }
  });
}

export async function startClient(state: PprofState): Promise<void> {
  ensureBundledExecutable(state);
  const resolved = resolveServerPath({
    extensionPath: state.context.extensionPath,
    platform: process.platform,
    configuredPath: settings().get<string | null>('server.path'),
    envPath: process.env.PATH,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    homeDir: os.homedir(),
    exists: isExecutableFile,
  });
  if (!resolved.ok) {
    reportNoServer(state, resolved.error);
    return;
  }
  state.log.appendLine(`pprof: starting ${resolved.path} (${resolved.source})`);

  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: [],
    options: { env: { ...process.env, RUST_BACKTRACE: process.env.RUST_BACKTRACE ?? '1' } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }],
    synchronize: { configurationSection: SECTION },
    initializationOptions: currentServerSettings(),
    outputChannel: state.log,
    middleware: {
      // The server's `pprof.showCallers` is also the code lens command and the
      // palette's "Show Callers": both end in a quick pick of the answer. Its
      // `pprof.selectService` is the palette's "Select Service".
      executeCommand: async (command, args, next) => {
        if (command === 'pprof.showCallers') return showCallers(state, args ?? [], async (a) => next(command, a));
        // "pprof: Select Service" from the palette: a quick pick of the store's services.
        if (command === 'pprof.selectService' && !args?.length) return selectService(state, async (a) => next(command, a));
        return next(command, args);
      },
      workspace: {
        // Push only the server's keys (not `heatmap` and `server.path`), unset
        // values left out. A push never undoes what a command chose: the
        // server keeps those as overrides.
        didChangeConfiguration: async (sections, next) => {
          if (!sections?.includes(SECTION) || !state.client) return next(sections);
          await state.client.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SECTION]: currentServerSettings() },
          });
        },
        // Serve workspace/configuration for `pprof` without the client-only keys.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((r, i) => (params.items[i]?.section === SECTION ? serverSettings(r) : r));
        },
      },
    },
  };
  const client = new LanguageClient('pprof', 'pprof', serverOptions, clientOptions);
  client.onNotification('pprof/status', (s: Status) => state.setStatus(s));
  state.client = client;
  try {
    await client.start();
  } catch (e) {
    const msg = `Could not start ${resolved.path}: ${errorText(e)}`;
    state.log.appendLine(msg);
    state.setServerError(msg);
    void vscode.window.showErrorMessage(msg);
    return;
  }
  state.profilePatterns = profilePatternsOf(client.initializeResult?.capabilities);
  try {
    await state.execForStatus('pprof.status');
  } catch (e) {
    state.log.appendLine(`pprof.status failed: ${errorText(e)}`);
  }
}

export async function stopClient(state: PprofState): Promise<void> {
  const client = state.client;
  state.client = undefined;
  if (!client) return;
  try {
    await client.stop(5000);
  } catch (e) {
    state.log.appendLine(`stopping the server: ${errorText(e)}`);
  }
}

export async function restartClient(state: PprofState): Promise<void> {
  await stopClient(state);
  await startClient(state);
}
