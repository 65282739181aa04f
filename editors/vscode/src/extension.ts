// VS Code client for pprof-lsp. Everything that can be tested without VS Code
// lives in ./logic (no `vscode` import there).
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import {
  Callers,
  LspLocation,
  MappingReport,
  Status,
  Top,
  chainItem,
  edgeItem,
  mappingReportText,
  statusBarText,
  topRowItem,
} from './logic/format';
import { HEAT_BUCKETS, HEAT_COLOR_IDS, HeatLine, bucketLines, heatHoverMarkdown } from './logic/heat';
import { exeName, resolveServerPath } from './logic/serverPath';
import { SERVER_KEYS, serverSettings } from './logic/settings';

const SECTION = 'pprof';

let ctx: vscode.ExtensionContext;
let client: LanguageClient | undefined;
let log: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let lastStatus: Status | undefined;
let heat: HeatShader | undefined;
let fallbackShowCallers: vscode.Disposable | undefined;
/** The server settings last sent, to skip pushes when only client-side keys changed. */
let lastPushed: string | undefined;

type Next = (command: string, args: any[]) => vscode.ProviderResult<any>;

// ---------------------------------------------------------------- helpers

function cfg(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function currentServerSettings(): Record<string, unknown> {
  const c = cfg();
  const raw: Record<string, unknown> = {};
  for (const k of SERVER_KEYS) raw[k] = c.get(k);
  return serverSettings(raw);
}

function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
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

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** Runs a user command, showing failures as an error message. */
function guarded<A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown>) {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      const msg = errorText(e);
      log?.appendLine(`[${name}] ${msg}`);
      void vscode.window.showErrorMessage(msg.startsWith('pprof') ? msg : `pprof: ${msg}`);
      return undefined;
    }
  };
}

/** workspace/executeCommand on the server, bypassing the client-side command wrappers. */
async function exec<T>(command: string, args: unknown[] = []): Promise<T> {
  if (!client || !client.isRunning()) {
    throw new Error('pprof: the pprof-lsp server is not running (see the "pprof" output channel).');
  }
  return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
}

async function revealLocation(loc: LspLocation | null | undefined, what: string): Promise<void> {
  if (!loc) {
    void vscode.window.showInformationMessage(`pprof: ${what} has no source location in this workspace (see "pprof: Show Mapping Report").`);
    return;
  }
  const l = client ? client.protocol2CodeConverter.asLocation(loc) : new vscode.Location(vscode.Uri.parse(loc.uri), new vscode.Position(loc.range.start.line, loc.range.start.character));
  const doc = await vscode.workspace.openTextDocument(l.uri);
  let pos = l.range.start;
  if (pos.character === 0 && pos.line < doc.lineCount) {
    pos = new vscode.Position(pos.line, doc.lineAt(pos.line).firstNonWhitespaceCharacterIndex);
  }
  const editor = await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(pos, pos),
    preview: false,
  });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function updateStatus(s: Status | undefined | null): void {
  if (s && typeof s === 'object') lastStatus = s;
  const { text, tooltip } = statusBarText(lastStatus);
  statusItem.text = text;
  statusItem.tooltip = tooltip;
  statusItem.command = 'pprof.chooseSampleType';
  statusItem.show();
}

// ---------------------------------------------------------------- client

/** A VSIX may lose the executable bit on some installs: restore it on the bundled server. */
function ensureBundledExecutable(): void {
  const p = ctx.asAbsolutePath(`server/${exeName(process.platform)}`);
  if (process.platform === 'win32' || !fs.existsSync(p) || isExecutableFile(p)) return;
  try {
    fs.chmodSync(p, 0o755);
  } catch (e) {
    log.appendLine(`cannot make ${p} executable: ${errorText(e)}`);
  }
}

async function startClient(): Promise<void> {
  ensureBundledExecutable();
  const c = cfg();
  const resolved = resolveServerPath({
    extensionPath: ctx.extensionPath,
    platform: process.platform,
    configuredPath: c.get<string | null>('server.path'),
    envPath: process.env.PATH,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    homeDir: os.homedir(),
    exists: isExecutableFile,
  });
  if (!resolved.ok) {
    log.appendLine(resolved.error);
    statusItem.text = '$(error) pprof: no server';
    statusItem.tooltip = resolved.error;
    statusItem.command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['pprof.server.path'] };
    statusItem.show();
    // Not awaited: the promise settles only when the message is dismissed.
    void vscode.window.showErrorMessage(resolved.error, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'pprof.server.path');
      }
    });
    return;
  }
  log.appendLine(`pprof: starting ${resolved.path} (${resolved.source})`);

  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: [],
    options: { env: { ...process.env, RUST_BACKTRACE: process.env.RUST_BACKTRACE ?? '1' } },
  };
  const initial = currentServerSettings();
  lastPushed = JSON.stringify(initial);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }],
    synchronize: { configurationSection: SECTION },
    initializationOptions: initial,
    outputChannel: log,
    middleware: {
      executeCommand: async (command: string, args: any[], next: Next) => {
        if (command === 'pprof.showCallers') return guarded('showCallers', () => showCallers(args, next))();
        return next(command, args);
      },
      workspace: {
        // Push only the server's keys (not `heatmap` and `server.path`), unset values
        // left out, and only when they changed: a change of a client-side key alone
        // must not make the server reload (and drop a profile loaded by command).
        didChangeConfiguration: async (sections, next) => {
          if (!sections || !sections.includes(SECTION) || !client) return next(sections);
          const settings = currentServerSettings();
          const key = JSON.stringify(settings);
          if (key === lastPushed) return;
          lastPushed = key;
          await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings } });
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
  const lc = new LanguageClient('pprof', 'pprof', serverOptions, clientOptions);
  lc.onNotification('pprof/status', (s: Status) => {
    updateStatus(s);
    heat?.refreshSoon();
  });
  client = lc;
  try {
    await lc.start();
  } catch (e) {
    const msg = `pprof: could not start ${resolved.path}: ${errorText(e)}`;
    log.appendLine(msg);
    void vscode.window.showErrorMessage(msg);
    return;
  }
  // Make "Show Callers" available even if the server does not advertise it.
  const all = await vscode.commands.getCommands(true);
  if (!all.includes('pprof.showCallers') && !fallbackShowCallers) {
    fallbackShowCallers = vscode.commands.registerCommand(
      'pprof.showCallers',
      guarded('showCallers', (...args: any[]) => showCallers(args, (cmd, a) => exec(cmd, a))),
    );
    ctx.subscriptions.push(fallbackShowCallers);
  }
  try {
    updateStatus(await exec<Status>('pprof.status'));
  } catch (e) {
    log.appendLine(`pprof.status failed: ${errorText(e)}`);
  }
  heat?.refreshSoon();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      log.appendLine(`stopping the server: ${errorText(e)}`);
    }
  }
}

// ---------------------------------------------------------------- commands

const PROFILE_FILTERS = { 'pprof profiles': ['gz', 'pprof', 'prof', 'pgo', 'pb'], 'All files': ['*'] };

async function loadProfile(): Promise<void> {
  const uris = await vscode.window.showOpenDialog({
    title: 'pprof: Load Profile',
    openLabel: 'Load Profile',
    canSelectMany: false,
    canSelectFolders: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: PROFILE_FILTERS,
  });
  if (!uris || uris.length === 0) return;
  const s = await exec<Status>('pprof.load', [uris[0].fsPath]);
  updateStatus(s);
  heat?.refreshSoon();
}

interface SampleTypeChoices {
  current: string;
  choices: Array<{ name: string; unit?: string; description?: string }>;
}

async function chooseSampleType(): Promise<void> {
  const res = await exec<SampleTypeChoices>('pprof.selectSampleType', []);
  const items = (res?.choices ?? []).map((c) => ({
    label: c.name,
    description: [c.unit, c.name === res.current ? '(current)' : ''].filter(Boolean).join(' '),
    detail: c.description,
    picked: c.name === res.current,
    name: c.name,
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('pprof: no profile is loaded, so there is no sample type to choose.');
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'pprof: Choose Sample Type',
    placeHolder: `current: ${res.current}`,
    matchOnDetail: true,
  });
  if (!pick) return;
  updateStatus(await exec<Status>('pprof.selectSampleType', [pick.name]));
  heat?.refreshSoon();
}

async function compareWithBase(): Promise<void> {
  const uris = await vscode.window.showOpenDialog({
    title: 'pprof: Compare With Base (an earlier profile)',
    openLabel: 'Use as Base',
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: PROFILE_FILTERS,
  });
  if (!uris || uris.length === 0) return;
  const current = cfg().get<string>('baseMode', 'diff');
  const modes = [
    { label: 'diff', description: 'pprof -diff_base', detail: 'new − base; shares of the base total. For snapshots (inuse_*).' },
    { label: 'subtract', description: 'pprof -base', detail: 'base subtracted from identical stacks. For cumulative counters (alloc_*, cpu).' },
  ].sort((a, b) => (a.label === current ? -1 : b.label === current ? 1 : 0));
  const mode = await vscode.window.showQuickPick(modes, { title: 'pprof: How to compare' });
  if (!mode) return;
  updateStatus(await exec<Status>('pprof.compare', [uris[0].fsPath, mode.label]));
  heat?.refreshSoon();
}

async function clearBase(): Promise<void> {
  updateStatus(await exec<Status>('pprof.compare', [null]));
  heat?.refreshSoon();
}

async function showTop(): Promise<void> {
  const top = await exec<Top>('pprof.top', [{ limit: 100 }]);
  const roots = workspaceRoots();
  const items = (top?.rows ?? []).map((row) => ({ ...topRowItem(row, top.unit, roots), row }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('pprof: the profile has no rows to show (is a profile loaded?).');
    return;
  }
  const total = lastStatus?.totalLabel ? ` · total ${lastStatus.totalLabel}` : '';
  const pick = await vscode.window.showQuickPick(items, {
    title: `pprof: Top by ${top.sampleType ?? lastStatus?.sampleType ?? 'flat'}${total}`,
    placeHolder: 'Sorted by flat. Pick a row to go to its line.',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  // A row's location is the function's heaviest line (docs/server-interface.md).
  if (pick) await revealLocation(pick.row.location, pick.label);
}

/** The function of the nearest pprof code lens at or above the cursor. */
async function functionAtCursor(): Promise<string | undefined> {
  const ed = vscode.window.activeTextEditor;
  if (!ed) return undefined;
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
    'vscode.executeCodeLensProvider',
    ed.document.uri,
    200,
  );
  const cursor = ed.selection.active.line;
  let best: { line: number; fn: string } | undefined;
  for (const l of lenses ?? []) {
    const fn = l.command?.command === 'pprof.showCallers' ? l.command.arguments?.[0]?.function : undefined;
    if (typeof fn !== 'string') continue;
    const line = l.range.start.line;
    if (line <= cursor && (!best || line > best.line)) best = { line, fn };
  }
  return best?.fn;
}

async function pickFunctionFromTop(): Promise<string | undefined> {
  const top = await exec<Top>('pprof.top', [{ limit: 100 }]);
  const roots = workspaceRoots();
  const items = (top?.rows ?? []).map((row) => ({ ...topRowItem(row, top.unit, roots), fn: row.function }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'pprof: Show Callers of…',
    placeHolder: 'No profiled function at the cursor: pick one',
    matchOnDescription: true,
  });
  return pick?.fn;
}

async function showCallers(args: any[] | undefined, next: Next): Promise<unknown> {
  let fn: string | undefined = args?.[0]?.function;
  if (typeof args?.[0] === 'string') fn = args[0];
  if (!fn) fn = (await functionAtCursor()) ?? (await pickFunctionFromTop());
  if (!fn) return undefined;
  const res = (await next('pprof.showCallers', [{ function: fn }])) as Callers | undefined;
  if (!res) return res;
  const unit = lastStatus?.unit;
  const roots = workspaceRoots();
  type Item = vscode.QuickPickItem & { location?: LspLocation | null; fn?: string };
  const items: Item[] = [];
  const sep = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  items.push(sep(`callers (${res.callers?.length ?? 0})`));
  for (const e of res.callers ?? []) items.push({ ...edgeItem(e, unit, roots), location: e.location, fn: e.function });
  if (res.callees?.length) {
    items.push(sep(`callees (${res.callees.length})`));
    for (const e of res.callees) items.push({ ...edgeItem(e, unit, roots), location: e.location, fn: e.function });
  }
  if (res.chains?.length) {
    items.push(sep(`call chains, root first (${res.chains.length})`));
    for (const c of res.chains) items.push({ ...chainItem(c, unit) });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: `pprof: callers of ${res.function ?? fn}`,
    placeHolder: 'Pick a caller or callee to go to its line',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick && pick.fn) await revealLocation(pick.location, pick.label);
  return res;
}

let mappingChannel: vscode.OutputChannel | undefined;

async function showMappingReport(): Promise<void> {
  const r = await exec<MappingReport>('pprof.mappingReport');
  mappingChannel ??= vscode.window.createOutputChannel('pprof: Mapping Report');
  mappingChannel.clear();
  mappingChannel.append(mappingReportText(r ?? { resolved: [], unresolved: [] }, workspaceRoots()));
  mappingChannel.show(true);
}

async function toggleHints(): Promise<void> {
  const c = cfg();
  const next = !c.get<boolean>('inlayHints', true);
  const target = vscode.workspace.workspaceFolders
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await c.update('inlayHints', next, target);
  vscode.window.setStatusBarMessage(`pprof: inlay hints ${next ? 'on' : 'off'}`, 3000);
}

// ---------------------------------------------------------------- heat shading

class HeatShader implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor() {
    this.types = HEAT_COLOR_IDS.map((id) =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor(id),
        overviewRulerColor: new vscode.ThemeColor(id),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
      }),
    );
  }

  refreshSoon(delay = 150): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshAll(), delay);
  }

  private clear(editor: vscode.TextEditor): void {
    for (const t of this.types) editor.setDecorations(t, []);
  }

  async refreshAll(): Promise<void> {
    const gen = ++this.generation;
    for (const ed of vscode.window.visibleTextEditors) {
      await this.shade(ed, gen);
    }
  }

  private async shade(editor: vscode.TextEditor, gen: number): Promise<void> {
    if (!cfg().get<boolean>('heatmap', true) || editor.document.uri.scheme !== 'file' || !client?.isRunning()) {
      this.clear(editor);
      return;
    }
    let lines: HeatLine[] = [];
    try {
      const res = await exec<{ lines: HeatLine[] }>('pprof.fileHeat', [editor.document.uri.toString()]);
      lines = res?.lines ?? [];
    } catch (e) {
      log.appendLine(`pprof.fileHeat ${editor.document.uri.toString()}: ${errorText(e)}`);
    }
    if (gen !== this.generation) return; // a newer refresh is running
    const minShare = cfg().get<number>('minShare', 0.5);
    const unit = lastStatus?.unit;
    const buckets = bucketLines(lines, minShare);
    const doc = editor.document;
    for (let b = 0; b < HEAT_BUCKETS; b++) {
      const opts: vscode.DecorationOptions[] = [];
      for (const l of buckets[b]) {
        if (l.line < 0 || l.line >= doc.lineCount) continue;
        const md = new vscode.MarkdownString(heatHoverMarkdown(l, unit, minShare));
        opts.push({ range: doc.lineAt(l.line).range, hoverMessage: md });
      }
      editor.setDecorations(this.types[b], opts);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.types) t.dispose();
  }
}

// ---------------------------------------------------------------- activation

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = context;
  log = vscode.window.createOutputChannel('pprof');
  statusItem = vscode.window.createStatusBarItem('pprof.status', vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'pprof';
  heat = new HeatShader();
  context.subscriptions.push(log, statusItem, heat);

  const reg = (id: string, fn: () => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, guarded(id, fn)));
  reg('pprof.loadProfile', loadProfile);
  reg('pprof.chooseSampleType', chooseSampleType);
  reg('pprof.compareWithBase', compareWithBase);
  reg('pprof.clearBase', clearBase);
  reg('pprof.showTop', showTop);
  reg('pprof.showMappingReport', showMappingReport);
  reg('pprof.toggleHints', toggleHints);
  reg('pprof.restartServer', async () => {
    await stopClient();
    await startClient();
  });

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => heat?.refreshSoon()),
    vscode.window.onDidChangeVisibleTextEditors(() => heat?.refreshSoon()),
    vscode.workspace.onDidSaveTextDocument(() => heat?.refreshSoon(300)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('pprof.server.path')) {
        log.appendLine('pprof.server.path changed: restarting the server');
        await stopClient();
        await startClient();
        return;
      }
      if (e.affectsConfiguration(SECTION)) heat?.refreshSoon(400);
    }),
  );

  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
