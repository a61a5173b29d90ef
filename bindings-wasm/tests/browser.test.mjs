// The demo page in a real browser: Debian's Chromium driven by playwright-core, the page served
// on localhost by demo/server.mjs. It clicks through the flow (basket search, a family's ZZK
// through consent, meetings, suspension and return, the overdue list), checks what the page
// shows against the package's own catalogue, and saves a screenshot under target/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../demo/server.mjs';
import { TARGET, launchChromium, loadPackage } from './helpers.mjs';

const SCREENSHOT = path.join(TARGET, 'wasm-demo', 'demo.png');
const k = loadPackage();
const pl = (name, code) => k.label(name, code);

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await serve(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

test('the demo walks a family through its ZZK in Chromium', async () => {
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Gotowe'), null, { timeout: 20000 });
  assert.match(await page.textContent('#status'), /Gotowe: PZK .*, 5 usług w koszyku/);

  // The basket search ignores Polish diacritics: "pielegniarki" finds "pielęgniarki".
  await page.click('#search');
  const services = await page.locator('#services li').allTextContents();
  assert.deepEqual(services.length, 1, services.join('\n'));
  assert.match(services[0], /Wizyty pielęgniarki środowiskowej/);

  const stage = async () => page.getAttribute('#stage', 'data-code');
  const stageText = async () => page.textContent('#stage');

  await page.click('#consent');
  assert.equal(await stage(), 'consent_obtained');
  assert.equal(await stageText(), pl('ZzkStage', 'consent_obtained'));

  await page.click('#appoint');
  assert.equal(await stage(), 'active');
  await page.click('#meeting');
  assert.equal(await stage(), 'active');
  assert.equal(await page.textContent('#error'), '');

  await page.click('#suspend');
  assert.equal(await stage(), 'suspended');
  assert.equal(await stageText(), pl('ZzkStage', 'suspended'));

  // A meeting while suspended: the library refuses, the page shows its Polish message.
  const eventsBefore = await page.textContent('#events');
  await page.click('#meeting');
  assert.equal(await page.getAttribute('#error', 'data-code'), 'ZZK_SUSPENDED');
  assert.match(await page.textContent('#error'), /zawieszon/i);
  assert.equal(await page.textContent('#events'), eventsBefore);

  await page.click('#resume');
  assert.equal(await stage(), 'active');
  assert.equal(await page.textContent('#error'), '');
  const history = await page.locator('#history li').allTextContents();
  assert.equal(history.length, 5, history.join('\n'));
  assert.match(history.at(-1), /zzk_resumed/);

  // The overdue list on 2026-07-01: the clinic task (deadline 2026-05-15) is overdue.
  await page.click('#overdue');
  const kinds = await page.locator('#overdue-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.ok(kinds.includes('task_deadline'), kinds.join(', '));
  const cells = await page.locator('#overdue-rows tr[data-kind="task_deadline"] td').allTextContents();
  assert.equal(cells[0], pl('OverdueKind', 'task_deadline'));
  assert.match(cells[1], /zzk-kowalscy · t-clinic/);

  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.ok(fs.statSync(SCREENSHOT).size > 10000);
  assert.deepEqual(pageErrors, []);
});
