import { describe, expect, it } from 'vitest';

import { isExplicit, normalizeCode, ruleUrl, serverSettings } from '../src/settings';

const section = {
  select: null,
  diagnostics: { enable: true, delay: 0 },
  validation: { enable: true },
  server: { path: '' },
};

describe('serverSettings', () => {
  it('sends the section unchanged without the official extension', () => {
    expect(serverSettings(section, false, false)).toEqual(section);
  });

  it('turns validation off when the official extension is installed', () => {
    const sent = serverSettings(section, true, false) as Record<string, unknown>;
    expect(sent.validation).toEqual({ enable: false });
    expect(sent.diagnostics).toEqual({ enable: true, delay: 0 });
    expect(section.validation).toEqual({ enable: true }); // not modified in place
  });

  it('keeps an explicit choice of the user', () => {
    expect(serverSettings(section, true, true)).toEqual(section);
  });

  it('adds the key when the section has no validation object', () => {
    expect(serverSettings({}, true, false)).toEqual({ validation: { enable: false } });
  });

  it('passes anything that is not an object through for the server to report', () => {
    expect(serverSettings(null, true, false)).toBeNull();
    expect(serverSettings('x', true, false)).toBe('x');
  });
});

describe('isExplicit', () => {
  it('is true for a value at any level, false for defaults only', () => {
    expect(isExplicit(undefined)).toBe(false);
    expect(isExplicit({})).toBe(false);
    expect(isExplicit({ globalValue: true })).toBe(true);
    expect(isExplicit({ workspaceValue: false })).toBe(true);
    expect(isExplicit({ workspaceFolderValue: false })).toBe(true);
  });
});

describe('rule codes and links', () => {
  it('normalizes typed codes', () => {
    expect(normalizeCode(' pax001 ')).toBe('PAX001');
    expect(normalizeCode('PAE002')).toBe('PAE002');
    expect(normalizeCode('PAX01')).toBeUndefined();
    expect(normalizeCode('fk-missing-index')).toBeUndefined();
  });
  it('links to the rule section of docs/rules.md', () => {
    expect(ruleUrl('PAX001')).toBe(
      'https://github.com/prisma-architect/prisma-architect/blob/main/docs/rules.md#pax001',
    );
  });
});
