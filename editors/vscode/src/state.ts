// The extension's one state object: the language client, what the server last
// said, and the output channel. The status bar and the heat shading listen to
// its changes; the commands and the client write to it.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { FALLBACK_PROFILE_PATTERNS } from './logic/profilePatterns';
import { Scope, Status } from './logic/protocol';

export const SECTION = 'pprof';

export class PprofState implements vscode.Disposable {
  client: LanguageClient | undefined;
  /** The last status the server sent; undefined until the first one. */
  status: Status | undefined;
  /** Why no server runs, when none could be started. */
  serverError: string | undefined;
  /** The server's profile file name patterns (initialize result). */
  profilePatterns: readonly string[] = FALLBACK_PROFILE_PATTERNS;
  /** Which code Show Top Allocators lists; its title button toggles it. */
  topScope: Scope = 'all';
  readonly log = vscode.window.createOutputChannel('pprof');

  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the status or the server error changes. */
  readonly onDidChange = this.changed.event;

  constructor(readonly context: vscode.ExtensionContext) {}

  setStatus(status: Status): void {
    this.status = status;
    this.serverError = undefined;
    this.changed.fire();
  }

  setServerError(error: string): void {
    this.serverError = error;
    this.changed.fire();
  }

  /** workspace/executeCommand on the server, bypassing the client-side command wrappers. */
  async exec<T>(command: string, args: unknown[] = []): Promise<T> {
    if (!this.client?.isRunning()) {
      throw new Error('The pprof-lsp server is not running (see the "pprof" output channel).');
    }
    return (await this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
  }

  /** Runs a command that answers a Status, and keeps that status. */
  async execForStatus(command: string, args: unknown[] = []): Promise<void> {
    this.setStatus(await this.exec<Status>(command, args));
  }

  dispose(): void {
    this.changed.dispose();
    this.log.dispose();
  }
}

export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
