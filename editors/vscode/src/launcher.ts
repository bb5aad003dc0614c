/**
 * Finding the language server to run.
 *
 * Kept free of the `vscode` module (the file system and the settings come in as
 * arguments) so the order of discovery and the messages are unit-tested
 * without VS Code: `prismaArchitect.server.path`, then
 * `prismaArchitect.interpreter` (`<python> -m server`), then `prisma-architect`
 * on `PATH`, then the folder where `pipx` and `uv tool` put executables
 * (`~/.local/bin`), which is often missing from the PATH of an editor started
 * from the desktop.
 */
import * as path from 'node:path';

export const EXECUTABLE = 'prisma-architect';
export const PACKAGE = 'prisma-architect';

/** What the launcher needs to know about the machine. */
export interface Host {
  /** Whether `file` exists and is a file that can be executed. */
  isExecutable(file: string): boolean;
  /** The value of `PATH` (or `Path` on Windows). */
  pathVariable: string | undefined;
  platform: NodeJS.Platform;
  home: string;
  /** The first workspace folder, for `${workspaceFolder}`. */
  workspaceFolder: string | undefined;
}

/** The settings that choose the server. */
export interface LaunchSettings {
  serverPath: string;
  interpreter: string;
}

/** A server found: run `command args…` and talk LSP over its stdio. */
export interface Found {
  kind: 'found';
  command: string;
  args: string[];
  /** Which setting (or PATH) it came from, for the output channel. */
  source: 'prismaArchitect.server.path' | 'prismaArchitect.interpreter' | 'PATH' | 'tool folder';
}

/** No server: `message` says why, in one sentence the user can act on. */
export interface Missing {
  kind: 'missing';
  /** A setting points at something that is not there (else nothing is installed). */
  setting?: 'prismaArchitect.server.path' | 'prismaArchitect.interpreter';
  message: string;
}

export type Launch = Found | Missing;

/** `~` and `${workspaceFolder}` in a path setting; relative paths are taken from the workspace folder. */
export function expandPath(value: string, host: Host): string {
  let result = value.trim();
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = host.home + result.slice(1);
  }
  if (host.workspaceFolder !== undefined) {
    result = result.split('${workspaceFolder}').join(host.workspaceFolder);
    const p = host.platform === 'win32' ? path.win32 : path.posix;
    if (!p.isAbsolute(result) && (result.includes('/') || result.includes('\\'))) {
      result = p.join(host.workspaceFolder, result);
    }
  }
  return result;
}

/** Where `name` is found on `PATH`, trying Windows' executable suffixes there. */
export function which(name: string, host: Host): string | undefined {
  const windows = host.platform === 'win32';
  const separator = windows ? ';' : ':';
  const suffixes = windows ? ['.exe', '.cmd', '.bat', ''] : [''];
  const p = windows ? path.win32 : path.posix;
  for (const folder of (host.pathVariable ?? '').split(separator)) {
    if (folder === '') continue;
    for (const suffix of suffixes) {
      const candidate = p.join(folder, name + suffix);
      if (host.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Where `pipx install` and `uv tool install` put executables by default. */
export function toolFolder(host: Host): string {
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  return p.join(host.home, '.local', 'bin');
}

/** A command given as a name (`python3`) is looked up on PATH; a path is checked as it is. */
function resolveCommand(value: string, host: Host): string | undefined {
  const isName = !value.includes('/') && !value.includes('\\');
  if (isName) return which(value, host);
  return host.isExecutable(value) ? value : undefined;
}

export function findServer(settings: LaunchSettings, host: Host): Launch {
  if (settings.serverPath.trim() !== '') {
    const wanted = expandPath(settings.serverPath, host);
    const command = resolveCommand(wanted, host);
    if (command === undefined) {
      return {
        kind: 'missing',
        setting: 'prismaArchitect.server.path',
        message: `The setting prismaArchitect.server.path is "${settings.serverPath}", but ${wanted} is not an executable file.`,
      };
    }
    return { kind: 'found', command, args: ['server'], source: 'prismaArchitect.server.path' };
  }
  if (settings.interpreter.trim() !== '') {
    const wanted = expandPath(settings.interpreter, host);
    const command = resolveCommand(wanted, host);
    if (command === undefined) {
      return {
        kind: 'missing',
        setting: 'prismaArchitect.interpreter',
        message: `The setting prismaArchitect.interpreter is "${settings.interpreter}", but ${wanted} is not an executable file.`,
      };
    }
    return { kind: 'found', command, args: ['-m', 'server'], source: 'prismaArchitect.interpreter' };
  }
  const onPath = which(EXECUTABLE, host);
  if (onPath !== undefined) {
    return { kind: 'found', command: onPath, args: ['server'], source: 'PATH' };
  }
  const inToolFolder = which(EXECUTABLE, { ...host, pathVariable: toolFolder(host) });
  if (inToolFolder !== undefined) {
    return { kind: 'found', command: inToolFolder, args: ['server'], source: 'tool folder' };
  }
  return {
    kind: 'missing',
    message:
      `The prisma-architect language server is not installed: \`${EXECUTABLE}\` is not on PATH ` +
      `and neither prismaArchitect.server.path nor prismaArchitect.interpreter is set. ` +
      `Install it with \`pipx install ${PACKAGE}\` or \`uv tool install ${PACKAGE}\`.`,
  };
}

/** An install command the user can run in a terminal. */
export interface InstallOption {
  /** The button's label. */
  label: string;
  command: string;
  args: string[];
}

/**
 * The install commands offered on the "not installed" message: those whose
 * tool is on PATH (uv first, it is faster), else both so the message still
 * says how.
 */
export function installOptions(host: Host): InstallOption[] {
  const all: InstallOption[] = [
    { label: 'Install with uv', command: 'uv', args: ['tool', 'install', PACKAGE] },
    { label: 'Install with pipx', command: 'pipx', args: ['install', PACKAGE] },
  ];
  const available = all.filter((option) => which(option.command, host) !== undefined);
  return available.length > 0 ? available : all;
}

/** The command line of an install option, as shown in a terminal. */
export function commandLine(option: InstallOption): string {
  return [option.command, ...option.args].join(' ');
}
