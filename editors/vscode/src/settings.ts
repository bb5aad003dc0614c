/**
 * The `prismaArchitect` settings as the server receives them.
 *
 * VS Code answers `workspace/configuration` with the section as a nested
 * object (`{ diagnostics: { delay: 0 }, … }`); the server validates it
 * (server/settings.py). One thing is decided here, on the client: when the
 * official Prisma extension is installed it already reports Prisma's own
 * errors, so unless the user chose explicitly, ours are switched off.
 */

export const SECTION = 'prismaArchitect';
export const OFFICIAL_EXTENSION = 'Prisma.prisma';

/** Where a setting's value comes from, as `WorkspaceConfiguration.inspect` tells. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export function isExplicit(inspected: Inspected | undefined): boolean {
  return (
    inspected !== undefined &&
    (inspected.globalValue !== undefined ||
      inspected.workspaceValue !== undefined ||
      inspected.workspaceFolderValue !== undefined)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The section to send: `section` as VS Code resolved it, with
 * `validation.enable` false when the official extension is installed and the
 * user did not set it. Never changes `section` itself (VS Code's objects are
 * read-only proxies).
 */
export function serverSettings(
  section: unknown,
  officialExtension: boolean,
  validationExplicit: boolean,
): unknown {
  if (!isObject(section)) return section;
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(section));
  if (officialExtension && !validationExplicit) {
    const validation = isObject(copy.validation) ? copy.validation : {};
    copy.validation = { ...validation, enable: false };
  }
  return copy;
}

const CODE = /^PA[A-Z]\d{3}$/;

/** A rule code as the user typed it (`pax001` → `PAX001`), or undefined. */
export function normalizeCode(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  return CODE.test(code) ? code : undefined;
}

/** The documentation of every rule: docs/rules.md, a section per code (same as analysis/ide/links.py). */
export const RULES_PAGE = 'https://github.com/prisma-architect/prisma-architect/blob/main/docs/rules.md';

export function ruleUrl(code: string): string {
  return `${RULES_PAGE}#${code.toLowerCase()}`;
}
