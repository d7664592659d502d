/**
 * The local explorer in a real browser (Debian's headless Chromium, driven by
 * playwright-core): served by `npm start`'s own code, it must load and work with no
 * request leaving this machine. Every request the page makes is routed through the test,
 * and one to any host other than localhost fails it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProviderId } from '../../scripts/local/demo-case';
import { startApi, type StartedApi } from '../support/npm-start';

const CHROMIUM = '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

let api: StartedApi;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  [api, browser] = await Promise.all([
    startApi({ via: 'node' }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.cleanup();
});

describe('local explorer (headless Chromium)', () => {
  it('loads offline, mints a PROVIDER token from the role picker, runs the example query and lists the demonstration case', async () => {
    const context = await browser.newContext();
    const external: string[] = [];
    const local: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (LOCAL_HOSTS.has(url.hostname)) {
        local.push(`${route.request().method()} ${url.pathname}`);
        await route.continue();
      } else {
        external.push(url.href);
        await route.abort('blockedbyclient');
      }
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(api.url, { waitUntil: 'load' });
    // The page starts with a UM_NURSE token; pick PROVIDER for the demonstration provider.
    await expect.poll(() => page.textContent('#current-role'), { timeout: 20_000 }).toContain('UM_NURSE');
    await page.selectOption('#role', 'PROVIDER');
    await page.fill('#provider-id', demoProviderId);
    await page.click('#use-role');
    await expect.poll(() => page.textContent('#current-role'), { timeout: 10_000 }).toContain(`PROVIDER ${demoProviderId}`);

    // The first tab is the "list the demonstration case" example; run it.
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    await page.click('.graphiql-execute-button');
    await expect
      .poll(() => page.locator('.graphiql-response').innerText(), { timeout: 20_000 })
      .toContain(api.demoCaseId);
    const response = await page.locator('.graphiql-response').innerText();
    expect(response).toContain('"cptCode": "27279"');

    // The preview tab comes with its variables (the demonstration case's facts) and runs.
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 10_000 }).toContain('previewDetermination');
    await expect.poll(() => page.locator('.graphiql-editor-tool .graphiql-editor').first().innerText(), { timeout: 10_000 }).toContain('cptCode');
    // Its own variables get no red squiggle: clinicalFacts is a JSON object, as JSONObject wants
    // (the editor lints 500 ms after a change).
    const squiggles = page.locator('.graphiql-editor-tool .CodeMirror-lint-mark');
    await page.waitForTimeout(1_500);
    expect(await squiggles.count()).toBe(0);
    // GraphiQL updates the tab's operation name a moment after its editor (debounced): a click
    // in between sends the previous tab's name (OPERATION_RESOLUTION_FAILURE). A preview stores
    // nothing, so run it again until the answer is the preview's.
    await expect
      .poll(
        async () => {
          await page.click('.graphiql-execute-button');
          await page.waitForTimeout(500);
          return page.locator('.graphiql-response').innerText();
        },
        { timeout: 20_000 },
      )
      .toContain('"recommendation"');
    // The lint still runs: a number where the String cptCode goes gets its squiggle.
    await page
      .locator('.graphiql-editor-tool .CodeMirror')
      .first()
      .evaluate((el: unknown) => {
        const cm = (el as { CodeMirror: { getValue(): string; setValue(v: string): void } }).CodeMirror;
        cm.setValue(cm.getValue().replace(/"cptCode": "[^"]*"/, '"cptCode": 5'));
      });
    await expect.poll(() => squiggles.count(), { timeout: 5_000 }).toBeGreaterThan(0);

    expect(pageErrors).toEqual([]);
    expect(local).toContain('POST /dev/token');
    expect(local).toContain('POST /graphql');
    expect(external, 'requests to hosts other than localhost').toEqual([]);
    await context.close();
  });

  it('a role without access sees an error, not the case (the token really changes)', async () => {
    const context = await browser.newContext();
    await context.route('**/*', (route) =>
      LOCAL_HOSTS.has(new URL(route.request().url()).hostname) ? route.continue() : route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    await page.goto(api.url);
    await page.selectOption('#role', 'ANALYST');
    await page.click('#use-role');
    await expect.poll(() => page.textContent('#current-role'), { timeout: 20_000 }).toContain('ANALYST');
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    await page.click('.graphiql-execute-button');
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 20_000 }).toContain('FORBIDDEN');
    expect(await page.locator('.graphiql-response').innerText()).not.toContain(api.demoCaseId);
    await context.close();
  });
});
