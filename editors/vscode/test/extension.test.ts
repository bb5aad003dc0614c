import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const clients: any[] = [];
vi.mock('vscode-languageclient/node', () => {
  class LanguageClient {
    running = false;
    constructor(
      public id: string,
      public name: string,
      public serverOptions: any,
      public clientOptions: any,
    ) {
      clients.push(this);
    }
    start = vi.fn(async () => {
      this.running = true;
    });
    stop = vi.fn(async () => {
      this.running = false;
    });
    dispose = vi.fn(async () => {});
    isRunning = () => this.running;
    sendNotification = vi.fn(async () => {});
  }
  return {
    LanguageClient,
    TransportKind: { stdio: 0 },
    CloseAction: { DoNotRestart: 1, Restart: 2 },
    ErrorAction: { Continue: 1, Shutdown: 2 },
    DidChangeConfigurationNotification: { type: 'workspace/didChangeConfiguration' },
  };
});

import * as vscode from 'vscode';

import { activate, deactivate, fixAll, showRuleDocumentation } from '../src/extension';
import * as stub from './vscode.stub';

let scratch: string;
const savedPath = process.env.PATH;
const savedHome = process.env.HOME;

/** An executable file named `name` in the scratch folder. */
function executable(name: string): string {
  const file = path.join(scratch, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

function context(): any {
  return { subscriptions: [] as unknown[] };
}

beforeEach(() => {
  stub.reset();
  clients.length = 0;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-ext-'));
  process.env.PATH = path.join(scratch, 'bin');
  process.env.HOME = path.join(scratch, 'home');
});

afterEach(async () => {
  await deactivate();
  process.env.PATH = savedPath;
  process.env.HOME = savedHome;
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('activate', () => {
  it('starts the server from prismaArchitect.server.path over stdio for prisma documents', async () => {
    const server = executable('opt/prisma-architect');
    executable('bin/prisma-architect');
    stub.state.settings['prismaArchitect.server.path'] = server;
    const ctx = context();
    await activate(ctx);
    expect(clients).toHaveLength(1);
    const client = clients[0];
    expect(client.id).toBe('prismaArchitect');
    expect(client.serverOptions).toEqual({ command: server, args: ['server'], transport: 0 });
    expect(client.clientOptions.documentSelector).toEqual([
      { scheme: 'file', language: 'prisma' },
      { scheme: 'untitled', language: 'prisma' },
    ]);
    expect(client.start).toHaveBeenCalledOnce();
    expect([...stub.registered.keys()].sort()).toEqual([
      'prismaArchitect.fixAll',
      'prismaArchitect.restartServer',
      'prismaArchitect.showRuleDocumentation',
      'prismaArchitect.showServerOutput',
    ]);
    expect(stub.window.showErrorMessage).not.toHaveBeenCalled();
  });

  it('runs prisma-architect from PATH when nothing is set', async () => {
    const onPath = executable('bin/prisma-architect');
    await activate(context());
    expect(clients[0].serverOptions).toMatchObject({ command: onPath, args: ['server'] });
  });

  it('sends validation.enable false when the official Prisma extension is installed', async () => {
    executable('bin/prisma-architect');
    stub.state.extensions.add('Prisma.prisma');
    stub.state.settings['prismaArchitect.validation.enable'] = true;
    stub.state.settings['prismaArchitect.diagnostics.delay'] = 0;
    await activate(context());
    const options = clients[0].clientOptions;
    expect(options.initializationOptions).toEqual({
      settings: { prismaArchitect: { validation: { enable: false }, diagnostics: { delay: 0 } } },
    });
    // workspace/configuration goes through the same adjustment
    const next = vi.fn(async () => [{ validation: { enable: true } }, { other: 1 }]);
    const answer = await options.middleware.workspace.configuration(
      { items: [{ section: 'prismaArchitect' }, { section: 'editor' }] },
      undefined,
      next,
    );
    expect(answer).toEqual([{ validation: { enable: false } }, { other: 1 }]);
  });

  it('keeps validation on when the user set it explicitly', async () => {
    executable('bin/prisma-architect');
    stub.state.extensions.add('Prisma.prisma');
    stub.state.settings['prismaArchitect.validation.enable'] = true;
    stub.state.explicit['prismaArchitect.validation.enable'] = true;
    await activate(context());
    expect(clients[0].clientOptions.initializationOptions.settings.prismaArchitect.validation).toEqual({
      enable: true,
    });
  });

  it('explains a missing server in one message and runs the chosen install command in a terminal', async () => {
    stub.window.showErrorMessage.mockResolvedValueOnce('Install with pipx');
    await activate(context());
    expect(clients).toHaveLength(0);
    expect(stub.window.showErrorMessage).toHaveBeenCalledOnce();
    expect(stub.window.showErrorMessage.mock.calls[0]).toEqual([
      'Prisma Architect: The prisma-architect language server is not installed: `prisma-architect` is not on PATH ' +
        'and neither prismaArchitect.server.path nor prismaArchitect.interpreter is set. Install it with ' +
        '`pipx install prisma-architect` or `uv tool install prisma-architect`.',
      'Install with uv',
      'Install with pipx',
      'Open Settings',
    ]);
    await vi.waitFor(() => expect(stub.terminal.sendText).toHaveBeenCalledWith('pipx install prisma-architect'));
    expect(stub.terminal.show).toHaveBeenCalled();
  });

  it('starts the server once the install has put it in place', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      stub.window.showErrorMessage.mockResolvedValueOnce('Install with uv');
      await activate(context());
      await vi.waitFor(() => expect(stub.terminal.sendText).toHaveBeenCalledWith('uv tool install prisma-architect'));
      const installed = executable('home/.local/bin/prisma-architect');
      await vi.advanceTimersByTimeAsync(2500);
      await vi.waitFor(() => expect(clients).toHaveLength(1));
      expect(clients[0].serverOptions.command).toBe(installed);
    } finally {
      vi.useRealTimers();
    }
  });

  it('names a wrong server.path and offers to open the setting, not to install', async () => {
    stub.state.settings['prismaArchitect.server.path'] = '/does/not/exist';
    stub.window.showErrorMessage.mockResolvedValueOnce('Open Settings');
    await activate(context());
    expect(stub.window.showErrorMessage.mock.calls[0]).toEqual([
      'Prisma Architect: The setting prismaArchitect.server.path is "/does/not/exist", but /does/not/exist is not an executable file.',
      'Open Settings',
    ]);
    await vi.waitFor(() =>
      expect(stub.commands.executeCommand).toHaveBeenCalledWith(
        'workbench.action.openSettings',
        'prismaArchitect.server.path',
      ),
    );
  });

  it('checks that the interpreter has prisma-architect before running -m server', async () => {
    const python = executable('bin/python3');
    fs.writeFileSync(python, '#!/bin/sh\nexit 1\n');
    stub.state.settings['prismaArchitect.interpreter'] = 'python3';
    await activate(context());
    expect(clients).toHaveLength(0);
    expect(stub.window.showErrorMessage.mock.calls[0][0]).toBe(
      `Prisma Architect: The Python interpreter ${python} (prismaArchitect.interpreter) does not have prisma-architect: ` +
        `install it there with \`${python} -m pip install prisma-architect\`, or clear the setting.`,
    );
  });

  it('runs an interpreter that has the package with -m server', async () => {
    const python = executable('bin/python3');
    fs.writeFileSync(python, '#!/bin/sh\necho 0.1.0\n');
    stub.state.settings['prismaArchitect.interpreter'] = 'python3';
    await activate(context());
    expect(clients[0].serverOptions).toMatchObject({ command: python, args: ['-m', 'server'] });
  });

  it('restarts with a new client', async () => {
    executable('bin/prisma-architect');
    await activate(context());
    await stub.registered.get('prismaArchitect.restartServer')!();
    expect(clients).toHaveLength(2);
    expect(clients[0].stop).toHaveBeenCalledOnce();
    expect(clients[1].start).toHaveBeenCalledOnce();
  });
});

describe('commands', () => {
  it('opens the documentation of a given code', async () => {
    expect(await showRuleDocumentation('pax001')).toBe(true);
    expect(String(stub.env.openExternal.mock.calls[0][0])).toBe(
      'https://github.com/prisma-architect/prisma-architect/blob/main/docs/rules.md#pax001',
    );
  });

  it('asks for a code, proposing the finding under the cursor', async () => {
    stub.window.activeTextEditor = { selection: { active: new vscode.Position(3, 4) }, document: { uri: 'u' } };
    stub.state.diagnostics = [
      { range: new vscode.Range(0, 0, 0, 5), code: 'PAC001' },
      { range: new vscode.Range(3, 2, 3, 9), code: { value: 'PAX001', target: 'x' } },
    ];
    stub.window.showInputBox.mockResolvedValueOnce('pai004');
    expect(await showRuleDocumentation()).toBe(true);
    expect((stub.window.showInputBox.mock.calls[0][0] as any).value).toBe('PAX001');
    expect(String(stub.env.openExternal.mock.calls[0][0])).toMatch(/#pai004$/);
  });

  it('does nothing when the question is dismissed', async () => {
    expect(await showRuleDocumentation()).toBe(false);
    expect(stub.env.openExternal).not.toHaveBeenCalled();
  });

  it('fix all applies the resolved source.fixAll.prismaArchitect action', async () => {
    const edit = { size: 2 };
    stub.state.commandResults['vscode.executeCodeActionProvider'] = [
      { kind: { value: 'source.fixAll.prismaArchitect' }, edit },
    ];
    const editor = { document: { languageId: 'prisma', uri: 'file:///s.prisma', lineCount: 10 } };
    expect(await fixAll(editor as any)).toBe(true);
    const call = stub.commands.executeCommand.mock.calls[0];
    expect(call[0]).toBe('vscode.executeCodeActionProvider');
    expect(call[3]).toBe('source.fixAll.prismaArchitect');
    expect(stub.workspace.applyEdit).toHaveBeenCalledWith(edit);
  });

  it('fix all says so when there is nothing to fix', async () => {
    stub.state.commandResults['vscode.executeCodeActionProvider'] = [];
    const editor = { document: { languageId: 'prisma', uri: 'file:///s.prisma', lineCount: 10 } };
    expect(await fixAll(editor as any)).toBe(false);
    expect(stub.window.showInformationMessage).toHaveBeenCalledWith(
      'Prisma Architect: nothing to fix automatically in this file.',
    );
    expect(stub.workspace.applyEdit).not.toHaveBeenCalled();
  });
});
