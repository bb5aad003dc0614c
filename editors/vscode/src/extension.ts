/**
 * The extension: finds the prisma-architect language server, runs it for
 * `prisma` documents through vscode-languageclient, and adds the commands.
 *
 * What can be decided without VS Code lives in launcher.ts and settings.ts
 * (unit-tested); this module only connects them to the editor.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { commandLine, findServer, type Found, type Host, installOptions, type Missing } from './launcher';
import { isExplicit, normalizeCode, OFFICIAL_EXTENSION, ruleUrl, SECTION, serverSettings } from './settings';

const NAME = 'Prisma Architect';
const FIX_ALL_KIND = 'source.fixAll.prismaArchitect';
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'prisma' },
  { scheme: 'untitled', language: 'prisma' },
];

/** The machine as launcher.ts sees it. */
export function nodeHost(): Host {
  return {
    isExecutable(file: string): boolean {
      try {
        if (!fs.statSync(file).isFile()) return false;
        if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    pathVariable: process.env.PATH ?? process.env.Path,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  };
}

/** The section as the server gets it: `section` with the official extension taken into account. */
export function forServer(section: unknown): unknown {
  return serverSettings(
    section,
    vscode.extensions.getExtension(OFFICIAL_EXTENSION) !== undefined,
    isExplicit(vscode.workspace.getConfiguration(SECTION).inspect('validation.enable')),
  );
}

/** Whether `python` has the prisma-architect distribution (so `-m server` is ours). */
function hasPackage(python: string): Promise<string | undefined> {
  const probe = "import importlib.metadata as m; print(m.version('prisma-architect'))";
  return new Promise((resolve) => {
    execFile(python, ['-c', probe], { timeout: 15000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });
}

/** Owns the client: starts it, restarts it, explains when there is no server. */
export class Controller implements vscode.Disposable {
  client: LanguageClient | undefined;
  private watcher: ReturnType<typeof setInterval> | undefined;

  constructor(readonly output: vscode.OutputChannel) {}

  async start(): Promise<LanguageClient | undefined> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const host = nodeHost();
    const launch = findServer(
      { serverPath: config.get<string>('server.path', ''), interpreter: config.get<string>('interpreter', '') },
      host,
    );
    if (launch.kind === 'missing') {
      this.output.appendLine(launch.message);
      void this.explainMissing(launch);
      return undefined;
    }
    if (launch.source === 'prismaArchitect.interpreter' && (await hasPackage(launch.command)) === undefined) {
      const message =
        `The Python interpreter ${launch.command} (prismaArchitect.interpreter) does not have prisma-architect: ` +
        `install it there with \`${launch.command} -m pip install prisma-architect\`, or clear the setting.`;
      this.output.appendLine(message);
      void this.explainMissing({ kind: 'missing', setting: 'prismaArchitect.interpreter', message });
      return undefined;
    }
    return this.run(launch);
  }

  private async run(launch: Found): Promise<LanguageClient | undefined> {
    this.output.appendLine(`Starting ${[launch.command, ...launch.args].join(' ')} (from ${launch.source})`);
    if (vscode.extensions.getExtension(OFFICIAL_EXTENSION) !== undefined) {
      this.output.appendLine(
        `${OFFICIAL_EXTENSION} is installed: its grammar and its errors are used; ` +
          `Prisma's errors are ours only if prismaArchitect.validation.enable is set.`,
      );
    }
    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      transport: TransportKind.stdio,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      initializationOptions: { settings: { [SECTION]: forServer(vscode.workspace.getConfiguration().get(SECTION)) } },
      errorHandler: crashLimiter(),
      middleware: {
        workspace: {
          // The server asks for the section; answer with the official extension taken into account.
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) return answer;
            return answer.map((value, index) =>
              params.items[index]?.section === SECTION ? forServer(value) : value,
            );
          },
        },
      },
    };
    const client = new LanguageClient(SECTION, NAME, serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      // vscode-languageclient has shown its own message with "Go to output"; keep the detail there.
      this.output.appendLine(`The server did not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    return client;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    try {
      if (client.isRunning()) await client.stop(5000);
      await client.dispose();
    } catch (error) {
      this.output.appendLine(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async restart(): Promise<LanguageClient | undefined> {
    this.stopWatching();
    await this.stop();
    return this.start();
  }

  /** Tell the running server that its settings changed (it asks for them again). */
  async settingsChanged(): Promise<void> {
    if (this.client?.isRunning()) {
      await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }
  }

  /** One message, with buttons that fix it; never a stack trace. */
  private async explainMissing(missing: Missing): Promise<void> {
    const openSettings = 'Open Settings';
    const options = missing.setting === undefined ? installOptions(nodeHost()) : [];
    const choice = await vscode.window.showErrorMessage(
      `${NAME}: ${missing.message}`,
      ...options.map((o) => o.label),
      openSettings,
    );
    if (choice === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', missing.setting ?? `${SECTION}.server`);
      return;
    }
    const option = options.find((o) => o.label === choice);
    if (option === undefined) return;
    const terminal = vscode.window.createTerminal({ name: `Install ${NAME}` });
    terminal.show();
    terminal.sendText(commandLine(option));
    this.watchForInstall();
  }

  /** After an install was started, start the server as soon as it appears. */
  private watchForInstall(): void {
    this.stopWatching();
    const deadline = Date.now() + 10 * 60 * 1000;
    this.watcher = setInterval(() => {
      const config = vscode.workspace.getConfiguration(SECTION);
      const launch = findServer(
        { serverPath: config.get<string>('server.path', ''), interpreter: config.get<string>('interpreter', '') },
        nodeHost(),
      );
      if (launch.kind === 'found' || Date.now() > deadline) {
        this.stopWatching();
        if (launch.kind === 'found') void this.restart();
      }
    }, 2000);
  }

  private stopWatching(): void {
    if (this.watcher !== undefined) clearInterval(this.watcher);
    this.watcher = undefined;
  }

  dispose(): void {
    this.stopWatching();
    void this.stop();
  }
}

/**
 * Restart a server that crashes, but not forever: five crashes within three
 * minutes stop it with one message (the output has the server's stderr).
 */
function crashLimiter(): NonNullable<LanguageClientOptions['errorHandler']> {
  const crashes: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0] < now - 3 * 60 * 1000) crashes.shift();
      if (crashes.length >= 5) {
        return {
          action: CloseAction.DoNotRestart,
          message: `The ${NAME} server stopped 5 times in 3 minutes and is not restarted; see "${NAME}" in the Output panel, then run "${NAME}: Restart Server".`,
        };
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** Apply the server's "fix all" to the active prisma document. */
export async function fixAll(editor: vscode.TextEditor | undefined): Promise<boolean> {
  if (editor === undefined || editor.document.languageId !== 'prisma') {
    void vscode.window.showInformationMessage(`${NAME}: open a Prisma schema to fix its findings.`);
    return false;
  }
  const document = editor.document;
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      whole,
      FIX_ALL_KIND,
      1,
    )) ?? [];
  const action = actions.find((a) => a.kind?.value === FIX_ALL_KIND);
  if (action?.edit === undefined || action.edit.size === 0) {
    void vscode.window.showInformationMessage(`${NAME}: nothing to fix automatically in this file.`);
    return false;
  }
  return vscode.workspace.applyEdit(action.edit);
}

/** The code of the prisma-architect finding under the cursor, if any. */
function codeAtCursor(editor: vscode.TextEditor | undefined): string | undefined {
  if (editor === undefined) return undefined;
  const position = editor.selection.active;
  for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (!diagnostic.range.contains(position)) continue;
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    const normalized = code === undefined ? undefined : normalizeCode(String(code));
    if (normalized !== undefined) return normalized;
  }
  return undefined;
}

/** Open the documentation of rule `code` (asked for when not given). */
export async function showRuleDocumentation(code?: unknown): Promise<boolean> {
  let chosen = typeof code === 'string' ? normalizeCode(code) : undefined;
  if (chosen === undefined) {
    const typed = await vscode.window.showInputBox({
      title: `${NAME}: rule documentation`,
      prompt: 'Rule code, such as PAX001',
      value: (typeof code === 'string' ? code : undefined) ?? codeAtCursor(vscode.window.activeTextEditor) ?? '',
      validateInput: (value) => (normalizeCode(value) === undefined ? 'A code such as PAX001 or PAE002' : undefined),
    });
    chosen = typed === undefined ? undefined : normalizeCode(typed);
  }
  if (chosen === undefined) return false;
  return vscode.env.openExternal(vscode.Uri.parse(ruleUrl(chosen)));
}

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Controller> {
  const output = vscode.window.createOutputChannel(NAME);
  const current = new Controller(output);
  controller = current;
  context.subscriptions.push(
    output,
    current,
    vscode.commands.registerCommand('prismaArchitect.restartServer', () => current.restart()),
    vscode.commands.registerCommand('prismaArchitect.showServerOutput', () => output.show(true)),
    vscode.commands.registerCommand('prismaArchitect.fixAll', () => fixAll(vscode.window.activeTextEditor)),
    vscode.commands.registerCommand('prismaArchitect.showRuleDocumentation', (code?: unknown) =>
      showRuleDocumentation(code),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (
        event.affectsConfiguration(`${SECTION}.server.path`) ||
        event.affectsConfiguration(`${SECTION}.interpreter`)
      ) {
        void current.restart();
      }
    }),
    // Installing or removing the official extension changes what we report.
    vscode.extensions.onDidChange(() => void current.settingsChanged()),
  );
  await current.start();
  return current;
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
