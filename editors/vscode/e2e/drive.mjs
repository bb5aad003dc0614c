// Drive code-server (VS Code 1.96) in headless Chromium through one scenario:
//
// alone    (default) open the example schema; our grammar colours it; PAX001 is in
//          the Problems panel; hovering the foreign key shows the rule's explanation;
//          its quick fix, saved, gives exactly what `prisma-architect check --fix`
//          writes with only PAX001 selected. Takes the README's screenshots.
// coexist  the same schema plus a Prisma error, next to a stand-in for the official
//          Prisma extension: its grammar colours the file, PAX001 is reported, and
//          Prisma's error is not (prismaArchitect.validation.enable was sent false).
//
// Environment: SCENARIO, CS_URL (code-server with ?folder=WS), WS (workspace),
// EXPECTED (alone: the fixed schema), SHOTS (README images), ARTIFACTS, CHROMIUM.
// Exit 0 on success, 1 on failure (failure.png, browser-console.log in ARTIFACTS).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const SCENARIO = env('SCENARIO', 'alone');
const URL = env('CS_URL');
const WS = env('WS');
const SHOTS = env('SHOTS');
const ARTIFACTS = env('ARTIFACTS');
const STEP = Number(process.env.STEP_TIMEOUT_MS ?? 60000);
const PURPLE = 'rgb(197, 134, 192)'; // keyword.control in Default Dark Modern: the stand-in's `datasource`
const BLUE = 'rgb(86, 156, 214)'; // storage.type: our grammar's `datasource`

const t0 = Date.now();
const log = (...args) => console.log(`[drive ${SCENARIO} ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
const fail = (message) => {
  throw new Error(message);
};

/** Open the schema from the Explorer and wait for PAX001 in the Problems panel. */
async function openSchema(page) {
  await page.goto(URL);
  await page.waitForSelector('.monaco-workbench');
  log('workbench loaded');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'schema.prisma' }).first().click();
  await page.waitForSelector('.monaco-editor .view-lines');
  log('schema.prisma open');
  const keyword = page.locator('.monaco-editor .view-line span span', { hasText: /^datasource$/ }).first();
  await keyword.waitFor();
  const colour = await keyword.evaluate((e) => getComputedStyle(e).color);
  const expected = SCENARIO === 'coexist' ? PURPLE : BLUE;
  log(`\`datasource\` is coloured ${colour}`);
  if (colour !== expected) fail(`\`datasource\` is ${colour}, expected ${expected}`);

  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'PAX001' });
  await problem.first().waitFor();
  const text = (await problem.first().innerText()).replace(/\s+/g, ' ').trim();
  log('problem:', text);
  if (!text.includes('has no index')) fail(`unexpected PAX001 problem: ${text}`);
  return problem;
}

async function alone(page) {
  const expected = readFileSync(env('EXPECTED'), 'utf8');
  const problem = await openSchema(page);

  // Go to the finding: the editor selects it and takes the focus.
  await problem.first().dblclick();
  await page.mouse.move(5, 400); // no tooltip over the panel in the screenshot
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(SHOTS, 'problems.png') });

  // Hover the squiggled foreign key with the mouse.
  const line = page.locator('.monaco-editor .view-line', { hasText: 'author User @relation(fields: [authorId]' });
  await line.locator('span span', { hasText: /^authorId$/ }).first().hover();
  const hover = page.locator('.monaco-hover-content', { hasText: 'fk-missing-index' });
  await hover.first().waitFor();
  const hoverText = await hover.first().innerText();
  for (const part of ['PAX001', 'Why is this bad?', 'do not create an index for a foreign key']) {
    if (!hoverText.includes(part)) fail(`hover lacks "${part}": ${hoverText.slice(0, 400)}`);
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
  if (!(await focused.innerText()).includes(wanted)) fail(`no quick fix "${wanted}"`);
  await page.keyboard.press('Enter');
  log('quick fix applied');
  await page.keyboard.press('Control+S');

  // The file on disk is what the command line's --fix writes.
  const schema = join(WS, 'schema.prisma');
  const deadline = Date.now() + STEP;
  let text = readFileSync(schema, 'utf8');
  while (text !== expected && Date.now() < deadline) {
    await page.waitForTimeout(200);
    text = readFileSync(schema, 'utf8');
  }
  if (text !== expected) {
    writeFileSync(join(ARTIFACTS, 'schema.after.prisma'), text);
    fail('the saved schema differs from the expected fix (see schema.after.prisma)');
  }
  log('saved text equals `check --fix` (PAX001 only)');
  await problem.first().waitFor({ state: 'detached' });
  log('PAX001 gone from the Problems panel');
}

async function coexist(page) {
  await openSchema(page);
  // PAX001 comes in the same publish as PAE002 (unknown type `Nobody`) would with
  // validation on; errors sort first in the panel and count in the status bar
  // ("Errors: 1, Warnings: 3, …"; no "Errors" when there are none).
  const errors = page.locator('.markers-panel .monaco-list-row', { hasText: 'PAE' });
  if ((await errors.count()) > 0) fail(`Prisma's errors reported by us: ${await errors.first().innerText()}`);
  const status = (await page.locator('[id="status.problems"]').first().getAttribute('aria-label')) ?? '';
  log('status bar:', status);
  if (status === '' || /Errors?:\s*[1-9]/i.test(status)) fail(`errors reported: ${status}`);
  log('no PAE diagnostics from prisma-architect next to the official extension');
}

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
  await { alone, coexist }[SCENARIO](page);
  rc = 0;
} catch (error) {
  log('FAILED:', String(error?.message ?? error).split('\n')[0]);
  try {
    const widget = page?.locator('.action-widget');
    if (widget && (await widget.count()) > 0) {
      writeFileSync(join(ARTIFACTS, 'action-widget.html'), await widget.first().evaluate((e) => e.outerHTML));
    }
    await page?.screenshot({ path: join(ARTIFACTS, 'failure.png') });
  } catch {}
} finally {
  writeFileSync(join(ARTIFACTS, `browser-console.${SCENARIO}.log`), consoleLines.join('\n') + '\n');
  await browser.close();
  log(`done rc=${rc}`);
  process.exit(rc);
}
