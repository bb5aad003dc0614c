// A stand-in for the parts of the `vscode` API that src/extension.ts uses;
// tests set `state` and read the recorded calls.
import { vi } from 'vitest';

export const state = {
  settings: {} as Record<string, unknown>,
  explicit: {} as Record<string, unknown>,
  extensions: new Set<string>(),
  workspaceFolder: undefined as string | undefined,
  diagnostics: [] as unknown[],
  commandResults: {} as Record<string, unknown>,
};

/** `settings` as VS Code would nest them for `section` (keys are dotted). */
function nested(prefix: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state.settings)) {
    if (!key.startsWith(prefix)) continue;
    const parts = key.slice(prefix.length).split('.');
    let node = result;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return result;
}

function configuration(section?: string) {
  const prefix = section ? `${section}.` : '';
  const object = nested(prefix);
  return {
    ...object,
    get: <T>(key: string, fallback?: T): T => {
      const full = prefix + key;
      if (full in state.settings) return state.settings[full] as T;
      const sub = nested(`${full}.`);
      return (Object.keys(sub).length > 0 ? sub : fallback) as T;
    },
    inspect: (key: string) => ({ key, globalValue: state.explicit[prefix + key] }),
  };
}

export const workspace = {
  getConfiguration: vi.fn(configuration),
  get workspaceFolders() {
    return state.workspaceFolder === undefined ? undefined : [{ uri: { fsPath: state.workspaceFolder } }];
  },
  onDidChangeConfiguration: vi.fn(() => ({ dispose: vi.fn() })),
  applyEdit: vi.fn(async () => true),
};

export const terminal = { show: vi.fn(), sendText: vi.fn() };
export const output = { appendLine: vi.fn(), show: vi.fn(), dispose: vi.fn() };

export const window = {
  createOutputChannel: vi.fn(() => output),
  showErrorMessage: vi.fn(async (..._args: unknown[]): Promise<string | undefined> => undefined),
  showInformationMessage: vi.fn(async (..._args: unknown[]): Promise<string | undefined> => undefined),
  showInputBox: vi.fn(async (_options: unknown): Promise<string | undefined> => undefined),
  createTerminal: vi.fn(() => terminal),
  activeTextEditor: undefined as unknown,
};

export const registered = new Map<string, (...args: unknown[]) => unknown>();
export const commands = {
  registerCommand: vi.fn((id: string, callback: (...args: unknown[]) => unknown) => {
    registered.set(id, callback);
    return { dispose: vi.fn() };
  }),
  executeCommand: vi.fn(async (id: string, ..._args: unknown[]) => state.commandResults[id]),
};

export const extensions = {
  getExtension: vi.fn((id: string) => (state.extensions.has(id) ? { id } : undefined)),
  onDidChange: vi.fn(() => ({ dispose: vi.fn() })),
};

export const languages = { getDiagnostics: vi.fn(() => state.diagnostics) };

export const env = { openExternal: vi.fn(async (_uri: unknown) => true) };

export class Uri {
  private constructor(readonly value: string) {}
  static parse(value: string): Uri {
    return new Uri(value);
  }
  toString(): string {
    return this.value;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
  contains(p: Position): boolean {
    const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
    return after(p, this.start) && after(this.end, p);
  }
}

export function reset(): void {
  state.settings = {};
  state.explicit = {};
  state.extensions.clear();
  state.workspaceFolder = undefined;
  state.diagnostics = [];
  state.commandResults = {};
  registered.clear();
  window.activeTextEditor = undefined;
  vi.clearAllMocks();
}
