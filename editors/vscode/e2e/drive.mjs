// Drive code-server (VS Code 1.96) in headless Chromium: open the example
// schema, wait for PAX001 in the Problems panel, hover it and expect the
// rule's explanation, apply its quick fix and expect the saved file to equal
// what `prisma-architect check --fix` writes with only PAX001 selected. Takes the
// README's screenshots on the way. Exit 0 on success, 1 on failure (with
// failure.png and the page's console in ARTIFACTS).
//
// Environment: CS_URL (code-server with ?folder=WS), WS (workspace folder),
// EXPECTED (the fixed schema), SHOTS (README images), ARTIFACTS, CHROMIUM.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const URL = env('CS_URL');
const WS = env('WS');
const EXPECTED = readFileSync(env('EXPECTED'), 'utf8');
const SHOTS = env('SHOTS');
const ARTIFACTS = env('ARTIFACTS');
const SCHEMA = join(WS, 'schema.prisma');
const STEP = Number(process.env.STEP_TIMEOUT_MS ?? 60000);

const t0 = Date.now();
const log = (...args) => console.log(`[drive ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
mkdirSync(SHOTS, { recursive: true });
mkdirSync(ARTIFACTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const consoleLines = [];
let rc = 1;
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page = await context.newPage();
  page.setDefaultTimeout(STEP);
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  await page.goto(URL);
  await page.waitForSelector('.monaco-workbench');
  log('workbench loaded');

  // Open the schema from the Explorer, as a user would.
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'schema.prisma' });
  await row.first().click();
  await page.waitForSelector('.monaco-editor .view-lines');
  log('schema.prisma open');

  // The finding in the Problems panel.
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'PAX001' });
  await problem.first().waitFor();
  const problemText = (await problem.first().innerText()).replace(/\s+/g, ' ').trim();
  log('problem:', problemText);
  if (!problemText.includes('has no index')) throw new Error(`unexpected PAX001 problem: ${problemText}`);

  // Go to it: the editor selects the finding and takes the focus.
  await problem.first().dblclick();
  await page.mouse.move(5, 400); // no tooltip over the panel in the screenshot
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(SHOTS, 'problems.png') });

  // Hover the squiggled foreign key with the mouse.
  const line = page.locator('.monaco-editor .view-line', { hasText: 'author User @relation(fields: [authorId]' });
  const token = line.locator('span span', { hasText: /^authorId$/ });
  await token.first().hover();
  const hover = page.locator('.monaco-hover-content', { hasText: 'fk-missing-index' });
  await hover.first().waitFor();
  const hoverText = await hover.first().innerText();
  for (const expected of ['PAX001', 'Why is this bad?', 'do not create an index for a foreign key']) {
    if (!hoverText.includes(expected)) throw new Error(`hover lacks "${expected}": ${hoverText.slice(0, 400)}`);
  }
  log('hover shows the rule explanation');
  await page.screenshot({ path: join(SHOTS, 'hover.png') });
  await page.keyboard.press('Escape');

  // The quick fix: open the menu on the finding, walk to the fix, apply it.
  await page.keyboard.press('Control+.');
  const wanted = 'Add `@@index([authorId])` for the foreign key';
  await page.locator('.action-widget .monaco-list-row.action', { hasText: wanted }).first().waitFor();
  await page.screenshot({ path: join(SHOTS, 'quick-fix.png') });
  const focused = page.locator('.action-widget .monaco-list-row.action.focused');
  for (let i = 0; i < 12 && !(await focused.innerText()).includes(wanted); i++) {
    await page.keyboard.press('ArrowDown');
  }
  if (!(await focused.innerText()).includes(wanted)) throw new Error(`no quick fix "${wanted}"`);
  await page.keyboard.press('Enter');
  log('quick fix applied');
  await page.keyboard.press('Control+S');

  // The file on disk is what the command line's --fix writes.
  const deadline = Date.now() + STEP;
  let text = readFileSync(SCHEMA, 'utf8');
  while (text !== EXPECTED && Date.now() < deadline) {
    await page.waitForTimeout(200);
    text = readFileSync(SCHEMA, 'utf8');
  }
  if (text !== EXPECTED) {
    writeFileSync(join(ARTIFACTS, 'schema.after.prisma'), text);
    throw new Error('the saved schema differs from the expected fix (see schema.after.prisma)');
  }
  log('saved text equals `check --fix` (PAX001 only)');
  // and the finding is gone from the Problems panel
  await problem.first().waitFor({ state: 'detached' });
  log('PAX001 gone from the Problems panel');
  rc = 0;
} catch (error) {
  log('FAILED:', String(error?.message ?? error).split('\n')[0]);
  try {
    const widget = page?.locator('.action-widget');
    if (widget && (await widget.count()) > 0) writeFileSync(join(ARTIFACTS, 'action-widget.html'), await widget.first().evaluate((e) => e.outerHTML));
  } catch {}
  try {
    await page?.screenshot({ path: join(ARTIFACTS, 'failure.png') });
  } catch {}
} finally {
  writeFileSync(join(ARTIFACTS, 'browser-console.log'), consoleLines.join('\n') + '\n');
  await browser.close();
  log(`done rc=${rc}`);
  process.exit(rc);
}
