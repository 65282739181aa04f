// The user commands. Every text they show about the profile is the server's.
import * as vscode from 'vscode';
import { fileDialogFilters } from './logic/profilePatterns';
import { Callers, Edge, FunctionAt, FunctionRef, Growth, LspLocation, MappingReport, SampleTypeChoices, ServiceChoices, Status, Top, TopRow } from './logic/protocol';
import { SectionRow, chainItem, currentPlaceholder, edgeItem, growthItems, noSourceMessage, sampleTypeItems, scopeToggle, serviceItems, snapshotItems, topRowItem } from './logic/quickPick';
import { PprofState, errorText, settings } from './state';

/** Runs a command, showing a failure as an error message (the server's are complete sentences). */
function guarded<A extends unknown[], R>(state: PprofState, name: string, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R | undefined> => {
    try {
      return await fn(...args);
    } catch (e) {
      const msg = errorText(e);
      state.log.appendLine(`[${name}] ${msg}`);
      void vscode.window.showErrorMessage(msg);
      return undefined;
    }
  };
}

async function revealLocation(state: PprofState, loc: LspLocation | null, what: string): Promise<void> {
  if (!loc || !state.client) {
    void vscode.window.showInformationMessage(`${what} has no source on this machine (see "pprof: Show Mapping Report").`);
    return;
  }
  const l = state.client.protocol2CodeConverter.asLocation(loc);
  const doc = await vscode.workspace.openTextDocument(l.uri);
  let pos = l.range.start;
  // A location at the start of a line points at the line: put the cursor on its code.
  if (pos.character === 0 && pos.line < doc.lineCount) {
    pos = new vscode.Position(pos.line, doc.lineAt(pos.line).firstNonWhitespaceCharacterIndex);
  }
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: false });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

async function pickProfile(state: PprofState, title: string, openLabel: string): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title,
    openLabel,
    canSelectMany: false,
    canSelectFolders: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: fileDialogFilters(state.profilePatterns),
  });
  return uris?.[0]?.fsPath;
}

async function loadProfile(state: PprofState): Promise<void> {
  const file = await pickProfile(state, 'pprof: Load Profile', 'Load Profile');
  if (file) await state.execForStatus('pprof.load', [file]);
}

async function chooseSampleType(state: PprofState): Promise<void> {
  const res = await state.exec<SampleTypeChoices>('pprof.selectSampleType');
  const items = sampleTypeItems(res);
  const pick = await vscode.window.showQuickPick(items, {
    title: 'pprof: Choose Sample Type',
    placeHolder: currentPlaceholder(res.current, 'Pick the sample type to show'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick) await state.execForStatus('pprof.selectSampleType', [pick.name]);
}

/**
 * "pprof: Select Service", the server's `pprof.selectService` from the
 * palette (no arguments; through the client's middleware, as Show Callers):
 * the store's services, then `pprof.selectService [NAME]`, which sets the
 * query's `service_name`. Without a store the server's error is shown as it
 * is. `send` runs the server's command.
 */
export function selectService(state: PprofState, send: (args: unknown[]) => Promise<unknown>) {
  return guarded(state, 'pprof.selectService', async () => {
    const res = (await send([])) as ServiceChoices;
    const pick = await vscode.window.showQuickPick(serviceItems(res), {
      title: 'pprof: Select Service',
      placeHolder: currentPlaceholder(res.current, "Pick the service (the store's service_name) to show"),
    });
    if (!pick) return undefined;
    const status = (await send([pick.name])) as Status;
    state.setStatus(status);
    return status;
  })();
}

/** Quick pick rows from the logic's rows, separators made VS Code's. */
function quickPickItems<T extends SectionRow>(rows: T[]): Array<T & vscode.QuickPickItem> {
  return rows.map((r) => (r.separator ? { ...r, kind: vscode.QuickPickItemKind.Separator } : r));
}

/**
 * Over a timeline, a snapshot of it (newest first) or "Other file…"; without
 * one, the file picker. A snapshot is compared with as the settings say
 * (`pprof.compareWith [path]`); a file picked asks how to compare.
 */
async function compareWithBase(state: PprofState): Promise<void> {
  const timeline = state.status?.timeline;
  if (timeline?.snapshots?.length) {
    const pick = await vscode.window.showQuickPick(snapshotItems(timeline), {
      title: 'pprof: Compare With a Snapshot',
      placeHolder: 'Pick the snapshot to compare the shown profile with',
      matchOnDescription: true,
    });
    if (!pick) return;
    if (pick.path !== undefined) {
      await state.execForStatus('pprof.compareWith', [pick.path]);
      return;
    }
  }
  await compareWithFile(state);
}

async function compareWithFile(state: PprofState): Promise<void> {
  const file = await pickProfile(state, 'pprof: Compare With Base (an earlier profile)', 'Use as Base');
  if (!file) return;
  const current = state.status?.compareMode ?? settings().get<string>('compareMode', 'auto');
  const modes = [
    { label: 'auto', description: 'from the sample type', detail: 'Snapshots (inuse_*, goroutines) as pprof -diff_base; counters from the start (alloc_*, cpu, lock waits) as pprof -base.' },
    { label: 'diff_base', description: 'pprof -diff_base', detail: 'The new values minus the base\'s; shares of the base\'s total.' },
    { label: 'base', description: 'pprof -base', detail: 'The base subtracted from the same call stacks; shares of what remains.' },
  ].sort((a, b) => Number(b.label === current) - Number(a.label === current));
  const mode = await vscode.window.showQuickPick(modes, { title: 'pprof: How to compare' });
  if (mode) await state.execForStatus('pprof.compareWith', [file, mode.label]);
}

/**
 * `pprof.top` as a quick pick whose title button toggles between all the
 * code and your code only (the server's scopes); the choice stays for the
 * session.
 */
async function showTop(state: PprofState): Promise<void> {
  type Item = vscode.QuickPickItem & { row: TopRow };
  const pick = vscode.window.createQuickPick<Item>();
  pick.placeholder = 'Sorted by flat. Pick a row to go to its heaviest line.';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const load = async () => {
    pick.busy = true;
    try {
      const top = await state.exec<Top>('pprof.top', [{ limit: 100, scope: state.topScope }]);
      const toggle = scopeToggle(top.scope);
      pick.title = top.title;
      pick.items = top.rows.map((row) => ({ ...topRowItem(row), row }));
      pick.buttons = [{ iconPath: new vscode.ThemeIcon(toggle.icon), tooltip: toggle.tooltip }];
    } catch (e) {
      void vscode.window.showErrorMessage(errorText(e));
      pick.hide();
    } finally {
      pick.busy = false;
    }
  };
  const chosen = new Promise<Item | undefined>((resolve) => {
    pick.onDidTriggerButton(() => {
      state.topScope = scopeToggle(state.topScope).next;
      void load();
    });
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();
  await load();
  const item = await chosen;
  pick.dispose();
  if (item) await revealLocation(state, item.row.location, item.label);
}

/** `pprof.growth`: each site's series over the timeline, steady growers first; picking one opens its line. */
async function showGrowth(state: PprofState): Promise<void> {
  const growth = await state.exec<Growth>('pprof.growth');
  const pick = await vscode.window.showQuickPick(quickPickItems(growthItems(growth)), {
    title: growth.title,
    placeHolder: 'Pick a row to go to its line',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick?.row) return;
  if (pick.row.location) await revealLocation(state, pick.row.location, pick.row.shortName);
  else void vscode.window.showInformationMessage(noSourceMessage(pick.row.shortName, pick.row.where));
}

/** The function to show callers of when no editor is active: one picked from the top list. */
async function pickFunctionFromTop(state: PprofState): Promise<FunctionRef | undefined> {
  const top = await state.exec<Top>('pprof.top', [{ limit: 100 }]);
  const items = top.rows.map((row) => ({ ...topRowItem(row), ref: row.ref }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'pprof: Show Callers of…',
    placeHolder: 'No editor is active: pick a function',
    matchOnDescription: true,
  });
  return pick?.ref;
}

/** The cursor's document and position: the server finds the function there. */
function cursorLocation(state: PprofState): FunctionAt | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !state.client) return undefined;
  const c2p = state.client.code2ProtocolConverter;
  return { uri: c2p.asUri(editor.document.uri), position: c2p.asPosition(editor.selection.active) };
}

async function showCallersPick(state: PprofState, res: Callers): Promise<void> {
  type Item = vscode.QuickPickItem & { edge?: Edge };
  const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: Item[] = [separator('callers')];
  for (const edge of res.callers) items.push({ ...edgeItem(edge), edge });
  if (res.callees.length) {
    items.push(separator('callees'));
    for (const edge of res.callees) items.push({ ...edgeItem(edge), edge });
  }
  if (res.chains.length) {
    items.push(separator('call chains, root first'));
    for (const c of res.chains) items.push(chainItem(c));
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: res.title,
    placeHolder: 'Pick a caller or callee to go to its line',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick?.edge) await revealLocation(state, pick.edge.location, pick.edge.shortName);
}

/**
 * `pprof.showCallers` from a code lens (its arguments, `[FunctionRef]`, go to
 * the server as they are) or from the palette (no arguments: the function at
 * the cursor). `send` runs the server's command; its answer is also the
 * command's result.
 */
export function showCallers(state: PprofState, args: unknown[], send: (args: unknown[]) => Promise<unknown>) {
  return guarded(state, 'pprof.showCallers', async () => {
    let sendArgs = args;
    if (sendArgs.length === 0) {
      const target = cursorLocation(state) ?? (await pickFunctionFromTop(state));
      if (!target) return undefined;
      sendArgs = [target];
    }
    const res = (await send(sendArgs)) as Callers;
    await showCallersPick(state, res);
    return res;
  })();
}

async function showMappingReport(state: PprofState, channel: vscode.OutputChannel): Promise<void> {
  const report = await state.exec<MappingReport>('pprof.mappingReport');
  channel.clear();
  channel.append(report.text);
  channel.show(true);
}

async function toggleHints(): Promise<void> {
  const c = settings();
  const on = !c.get<boolean>('inlayHints', true);
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update('inlayHints', on, target);
  vscode.window.setStatusBarMessage(`pprof: inlay hints ${on ? 'on' : 'off'}`, 3000);
}

/** Registers the commands the extension itself provides (the server's own are the client's). */
export function registerCommands(state: PprofState, restartServer: () => Promise<void>, showGraph: () => void): vscode.Disposable[] {
  const mappingChannel = vscode.window.createOutputChannel('pprof: Mapping Report');
  const commands: Record<string, () => Promise<unknown>> = {
    'pprof.loadProfile': () => loadProfile(state),
    'pprof.chooseSampleType': () => chooseSampleType(state),
    'pprof.compareWithBase': () => compareWithBase(state),
    'pprof.clearComparison': () => state.execForStatus('pprof.clearBase'),
    'pprof.useSettings': () => state.execForStatus('pprof.clearOverrides'),
    'pprof.showTop': () => showTop(state),
    'pprof.showGrowth': () => showGrowth(state),
    'pprof.showGraph': async () => showGraph(),
    'pprof.showMappingReport': () => showMappingReport(state, mappingChannel),
    'pprof.toggleHints': toggleHints,
    'pprof.restartServer': restartServer,
  };
  return [
    mappingChannel,
    ...Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, guarded(state, id, run))),
  ];
}
