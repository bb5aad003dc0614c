import { describe, expect, it } from 'vitest';

import { commandLine, expandPath, findServer, type Host, installOptions, which } from '../src/launcher';

/** A machine whose executable files are `files`. */
function host(files: string[], overrides: Partial<Host> = {}): Host {
  const set = new Set(files);
  return {
    isExecutable: (file) => set.has(file),
    pathVariable: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    home: '/home/ada',
    workspaceFolder: '/work/app',
    ...overrides,
  };
}

const none = { serverPath: '', interpreter: '' };

describe('findServer', () => {
  it('uses prismaArchitect.server.path first', () => {
    const h = host(['/opt/pa/bin/prisma-architect', '/usr/bin/prisma-architect', '/usr/bin/python3']);
    expect(findServer({ serverPath: '/opt/pa/bin/prisma-architect', interpreter: 'python3' }, h)).toEqual({
      kind: 'found',
      command: '/opt/pa/bin/prisma-architect',
      args: ['server'],
      source: 'prismaArchitect.server.path',
    });
  });

  it('runs the interpreter with -m server when no server path is set', () => {
    const h = host(['/work/app/.venv/bin/python', '/usr/bin/prisma-architect']);
    expect(findServer({ serverPath: '', interpreter: '${workspaceFolder}/.venv/bin/python' }, h)).toEqual({
      kind: 'found',
      command: '/work/app/.venv/bin/python',
      args: ['-m', 'server'],
      source: 'prismaArchitect.interpreter',
    });
  });

  it('looks an interpreter given by name up on PATH', () => {
    const h = host(['/usr/bin/python3']);
    expect(findServer({ serverPath: '', interpreter: 'python3' }, h)).toMatchObject({
      kind: 'found',
      command: '/usr/bin/python3',
      args: ['-m', 'server'],
    });
  });

  it('falls back to prisma-architect on PATH, in PATH order', () => {
    const h = host(['/usr/bin/prisma-architect', '/usr/local/bin/prisma-architect']);
    expect(findServer(none, h)).toEqual({
      kind: 'found',
      command: '/usr/local/bin/prisma-architect',
      args: ['server'],
      source: 'PATH',
    });
  });

  it('finds a pipx or uv install in ~/.local/bin when it is not on PATH', () => {
    const h = host(['/home/ada/.local/bin/prisma-architect']);
    expect(findServer(none, h)).toEqual({
      kind: 'found',
      command: '/home/ada/.local/bin/prisma-architect',
      args: ['server'],
      source: 'tool folder',
    });
  });

  it('says how to install when nothing is found', () => {
    const result = findServer(none, host([]));
    expect(result).toEqual({
      kind: 'missing',
      message:
        'The prisma-architect language server is not installed: `prisma-architect` is not on PATH and neither ' +
        'prismaArchitect.server.path nor prismaArchitect.interpreter is set. Install it with ' +
        '`pipx install prisma-architect` or `uv tool install prisma-architect`.',
    });
  });

  it('names the setting that points nowhere instead of silently using another server', () => {
    const h = host(['/usr/bin/prisma-architect']);
    expect(findServer({ serverPath: '~/bin/pa', interpreter: '' }, h)).toEqual({
      kind: 'missing',
      setting: 'prismaArchitect.server.path',
      message: 'The setting prismaArchitect.server.path is "~/bin/pa", but /home/ada/bin/pa is not an executable file.',
    });
    expect(findServer({ serverPath: '', interpreter: '/nope/python' }, h)).toEqual({
      kind: 'missing',
      setting: 'prismaArchitect.interpreter',
      message: 'The setting prismaArchitect.interpreter is "/nope/python", but /nope/python is not an executable file.',
    });
  });

  it('treats a blank setting as unset', () => {
    const h = host(['/usr/bin/prisma-architect']);
    expect(findServer({ serverPath: '  ', interpreter: ' ' }, h)).toMatchObject({ source: 'PATH' });
  });

  it('tries Windows executable suffixes and ; separators', () => {
    const h = host(['C:\\Tools\\prisma-architect.exe'], {
      platform: 'win32',
      pathVariable: 'C:\\Windows;C:\\Tools',
      home: 'C:\\Users\\ada',
      workspaceFolder: 'C:\\work',
    });
    expect(findServer(none, h)).toMatchObject({ command: 'C:\\Tools\\prisma-architect.exe', source: 'PATH' });
  });
});

describe('expandPath', () => {
  const h = host([]);
  it('expands ~ and ${workspaceFolder}, and resolves relative paths against the workspace', () => {
    expect(expandPath('~/.venv/bin/python', h)).toBe('/home/ada/.venv/bin/python');
    expect(expandPath('${workspaceFolder}/bin/pa', h)).toBe('/work/app/bin/pa');
    expect(expandPath('.venv/bin/python', h)).toBe('/work/app/.venv/bin/python');
    expect(expandPath('python3', h)).toBe('python3');
  });
  it('leaves relative paths alone without a workspace', () => {
    expect(expandPath('.venv/bin/python', host([], { workspaceFolder: undefined }))).toBe('.venv/bin/python');
  });
});

describe('which', () => {
  it('skips empty PATH entries and returns undefined when absent', () => {
    expect(which('uv', host(['/usr/bin/uv'], { pathVariable: '::/usr/bin' }))).toBe('/usr/bin/uv');
    expect(which('uv', host([], { pathVariable: undefined }))).toBeUndefined();
  });
});

describe('installOptions', () => {
  it('offers the installers that are on PATH, uv first', () => {
    const options = installOptions(host(['/usr/bin/pipx', '/usr/bin/uv']));
    expect(options.map(commandLine)).toEqual(['uv tool install prisma-architect', 'pipx install prisma-architect']);
    expect(installOptions(host(['/usr/bin/pipx'])).map((o) => o.label)).toEqual(['Install with pipx']);
  });
  it('offers both when neither is installed, so the message still says how', () => {
    expect(installOptions(host([])).map(commandLine)).toEqual([
      'uv tool install prisma-architect',
      'pipx install prisma-architect',
    ]);
  });
});
