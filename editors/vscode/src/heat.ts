// Heat shading: the lines the server's `pprof.fileHeat` lists get the theme
// colour of their level and the server's hover.
import * as vscode from 'vscode';
import { HEAT_COLOR_IDS, linesByColor } from './logic/heat';
import { Heat } from './logic/protocol';
import { PprofState, SECTION, errorText, settings } from './state';

class HeatShader implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[];
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by each refresh, so that a slower, older one does not overwrite it. */
  private generation = 0;

  constructor(private readonly state: PprofState) {
    this.types = HEAT_COLOR_IDS.map((id) => {
      const colour = new vscode.ThemeColor(id);
      return vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: colour,
        overviewRulerColor: colour,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
      });
    });
  }

  /** Coalesces bursts of events (a status after each command, several editors opening). */
  refreshSoon(delay = 150): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshAll(), delay);
  }

  private async refreshAll(): Promise<void> {
    const generation = ++this.generation;
    for (const editor of vscode.window.visibleTextEditors) await this.shade(editor, generation);
  }

  private async shade(editor: vscode.TextEditor, generation: number): Promise<void> {
    const doc = editor.document;
    let heat: Heat = { legend: '', lines: [] };
    if (settings().get<boolean>('heatmap', true) && doc.uri.scheme === 'file' && this.state.client?.isRunning()) {
      try {
        heat = await this.state.exec<Heat>('pprof.fileHeat', [doc.uri.toString()]);
      } catch (e) {
        this.state.log.appendLine(`pprof.fileHeat ${doc.uri.toString()}: ${errorText(e)}`);
      }
    }
    if (generation !== this.generation) return;
    linesByColor(heat.lines).forEach((lines, i) => {
      const decorations = lines
        .filter((l) => l.line >= 0 && l.line < doc.lineCount)
        .map((l) => ({ range: doc.lineAt(l.line).range, hoverMessage: new vscode.MarkdownString(l.hover) }));
      editor.setDecorations(this.types[i], decorations);
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.types) t.dispose();
  }
}

/** Shades the visible editors, again whenever the status, the editors, a file or a setting changes. */
export function createHeatShading(state: PprofState): vscode.Disposable {
  const shader = new HeatShader(state);
  return vscode.Disposable.from(
    shader,
    state.onDidChange(() => shader.refreshSoon()),
    vscode.window.onDidChangeActiveTextEditor(() => shader.refreshSoon()),
    vscode.window.onDidChangeVisibleTextEditors(() => shader.refreshSoon()),
    vscode.workspace.onDidSaveTextDocument(() => shader.refreshSoon(300)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) shader.refreshSoon(400);
    }),
  );
}
