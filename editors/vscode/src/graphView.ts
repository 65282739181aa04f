// The call graph view: a webview beside the editor that follows the cursor.
// For the function at the cursor it asks the server for `pprof.callGraph`
// (the boxes and arrows) and `pprof.explainGraph` (every word of them), and,
// over a timeline, `pprof.series` (the chart); the page (src/webview) draws
// them as they are. A click on a box opens its function in the editor.
//
// Messages to the page: {type: 'graph', graph, words}, {type: 'series',
// series}, {type: 'message', text, stale}; from the page: {type: 'ready'},
// {type: 'open', id}.
import * as vscode from 'vscode';
import { CallGraph, FunctionAt, GraphWords, LspLocation, Series } from './logic/protocol';
import { graphPage, makeNonce } from './logic/webviewHtml';
import { PprofState, errorText } from './state';

export const GRAPH_VIEW_TYPE = 'pprof.graphView';
/** Callers and callees this many levels away. */
export const GRAPH_DEPTH = 2;
const FOLLOW_DELAY_MS = 250;

class GraphPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by each update, so that a slower, older answer is dropped. */
  private generation = 0;
  /** The editor followed: the last active text editor of a file. */
  private editor: vscode.TextEditor | undefined;
  private graph: CallGraph | undefined;
  /** What was posted last, to post nothing when the cursor stays in the same function. */
  private posted = '';
  private postedSeries = '';

  constructor(
    private readonly state: PprofState,
    readonly panel: vscode.WebviewPanel,
    private readonly onDispose: () => void,
  ) {
    const webview = panel.webview;
    const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(state.context.extensionUri, ...p)).toString();
    webview.html = graphPage({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: media('dist', 'webview.js'),
      styleUri: media('media', 'graph.css'),
    });
    this.editor = followable(vscode.window.activeTextEditor);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: { type: string; id?: number }) => this.receive(m)),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (!followable(e)) return;
        this.editor = e;
        this.updateSoon(0);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!followable(e.textEditor)) return;
        this.editor = e.textEditor;
        this.updateSoon();
      }),
      // a new profile, sample type or base: the same place, new numbers
      state.onDidChange(() => this.updateSoon()),
    );
  }

  private receive(m: { type: string; id?: number }): void {
    if (m.type === 'ready') {
      // a new page (first shown, or shown again): draw everything again
      this.posted = '';
      this.postedSeries = '';
      this.updateSoon(0);
    } else if (m.type === 'open' && typeof m.id === 'number') {
      const node = this.graph?.nodes.find((n) => n.id === m.id);
      if (node?.location) void this.reveal(node.location);
    }
  }

  updateSoon(delay = FOLLOW_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private at(): FunctionAt | undefined {
    const editor = this.editor;
    if (!editor || !this.state.client) return undefined;
    if (!vscode.window.visibleTextEditors.includes(editor) && editor.document.isClosed) return undefined;
    const c2p = this.state.client.code2ProtocolConverter;
    return { uri: c2p.asUri(editor.document.uri), position: c2p.asPosition(editor.selection.active) };
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const at = this.at();
    if (!at) {
      this.message('Put the cursor in a profiled function of the editor.', this.graph !== undefined);
      return;
    }
    const args = [{ ...at, depth: GRAPH_DEPTH }];
    let graph: CallGraph;
    let words: GraphWords | undefined;
    try {
      const [g, w] = await Promise.all([
        this.state.exec<CallGraph>('pprof.callGraph', args),
        this.state.exec<GraphWords>('pprof.explainGraph', args).catch((e) => {
          this.state.log.appendLine(`pprof.explainGraph: ${errorText(e)}`);
          return undefined;
        }),
      ]);
      graph = g;
      words = w;
    } catch (e) {
      if (generation !== this.generation) return;
      // the server's sentence ("no profiled function at or above this line"); the last graph stays, dimmed
      this.message(errorText(e), this.graph !== undefined);
      return;
    }
    if (generation !== this.generation) return;
    this.graph = graph;
    const key = JSON.stringify([graph, words]);
    if (key !== this.posted) {
      this.posted = key;
      this.panel.title = `pprof: ${words?.nodes.find((n) => n.id === 0)?.title ?? graph.function}`;
      void this.panel.webview.postMessage({ type: 'graph', graph, words });
    } else {
      void this.panel.webview.postMessage({ type: 'message', text: '', stale: false });
    }
    await this.updateSeries(at, generation);
  }

  /** Over a timeline, the function's series; otherwise no chart. */
  private async updateSeries(at: FunctionAt, generation: number): Promise<void> {
    let series: Series | undefined;
    if ((this.state.status?.timeline?.snapshots?.length ?? 0) >= 2) {
      try {
        series = await this.state.exec<Series>('pprof.series', [at]);
      } catch (e) {
        this.state.log.appendLine(`pprof.series: ${errorText(e)}`);
      }
    }
    if (generation !== this.generation) return;
    const key = JSON.stringify(series ?? null);
    if (key === this.postedSeries) return;
    this.postedSeries = key;
    void this.panel.webview.postMessage({ type: 'series', series });
  }

  private message(text: string, stale: boolean): void {
    void this.panel.webview.postMessage({ type: 'message', text, stale });
  }

  /** Opens a box's function in the editor followed (not in the view's column), and puts the cursor there. */
  private async reveal(loc: LspLocation): Promise<void> {
    if (!this.state.client) return;
    try {
      const l = this.state.client.protocol2CodeConverter.asLocation(loc);
      const doc = await vscode.workspace.openTextDocument(l.uri);
      let pos = l.range.start;
      if (pos.character === 0 && pos.line < doc.lineCount) {
        pos = new vscode.Position(pos.line, doc.lineAt(pos.line).firstNonWhitespaceCharacterIndex);
      }
      const column = this.editor?.viewColumn ?? vscode.ViewColumn.One;
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(pos, pos), preview: false });
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (e) {
      void vscode.window.showErrorMessage(errorText(e));
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.onDispose();
  }
}

/** An editor of a file on disk (not the output channel, not a diff's left side). */
function followable(e: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  return e && e.document.uri.scheme === 'file' ? e : undefined;
}

/** `pprof.showGraph`: opens the view beside the editor (or shows it again), keeping the focus in the editor. */
export function createGraphView(state: PprofState): { show: () => void; disposable: vscode.Disposable } {
  let open: GraphPanel | undefined;
  const show = () => {
    if (open) {
      open.panel.reveal(vscode.ViewColumn.Beside, true);
      open.updateSoon(0);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      'pprof: Call Graph',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(state.context.extensionUri, 'dist'), vscode.Uri.joinPath(state.context.extensionUri, 'media')],
      },
    );
    open = new GraphPanel(state, panel, () => (open = undefined));
  };
  return { show, disposable: new vscode.Disposable(() => open?.panel.dispose()) };
}
