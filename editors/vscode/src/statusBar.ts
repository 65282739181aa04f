// The status bar item: the server's status title, its details as the tooltip.
import * as vscode from 'vscode';
import { noServerView, statusBarView } from './logic/statusBar';
import { PprofState } from './state';

export function createStatusBar(state: PprofState): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('pprof.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'pprof';
  const render = () => {
    if (state.serverError) {
      const view = noServerView(state.serverError);
      item.text = view.text;
      item.tooltip = view.tooltip;
      item.command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['pprof.server.path'] };
    } else {
      const view = statusBarView(state.status);
      item.text = view.text;
      item.tooltip = view.tooltip;
      item.command = 'pprof.chooseSampleType';
    }
    item.show();
  };
  render();
  return vscode.Disposable.from(item, state.onDidChange(render));
}
