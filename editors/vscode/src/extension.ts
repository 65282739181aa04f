// VS Code client for pprof-lsp. The pieces share one PprofState (state.ts);
// everything that can be tested without VS Code lives in ./logic.
import * as vscode from 'vscode';
import { restartClient, startClient, stopClient } from './client';
import { registerCommands } from './commands';
import { createGraphView } from './graphView';
import { createHeatShading } from './heat';
import { PprofState } from './state';
import { createStatusBar } from './statusBar';

let state: PprofState | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const s = new PprofState(context);
  state = s;
  const graph = createGraphView(s);
  context.subscriptions.push(
    s,
    createStatusBar(s),
    createHeatShading(s),
    graph.disposable,
    ...registerCommands(s, () => restartClient(s), graph.show),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('pprof.server.path')) return;
      s.log.appendLine('pprof.server.path changed: restarting the server');
      await restartClient(s);
    }),
  );
  await startClient(s);
}

export async function deactivate(): Promise<void> {
  if (state) await stopClient(state);
}
