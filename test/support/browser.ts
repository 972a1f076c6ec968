import { HEADLESS_CHROMIUM_ARGS } from '../../core/documents/pdf/pdf-renderer';
/**
 * Headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) for browser tests.
 *
 * Usage, one browser and one app per test file:
 *
 *   let t: TestApp; let b: TestBrowser;
 *   beforeAll(async () => { t = await startTestApp(); b = await launchBrowser(); });
 *   afterAll(async () => { await b?.close(); await t?.close(); });
 *   it('...', async () => {
 *     const page = await b.newPage();                 // own cookie jar, Chinese Accept-Language
 *     await loginViaForm(page, t.url, 'alpha-staff');  // the real login form
 *     await clickAndWait(page, 'a[href="/p/test-plugin/notes"]');
 *     await screenshot(page, 'notes');               // SCREENSHOT_DIR=/tmp/shots to look at it
 *   });
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type HTTPResponse, type Page } from 'puppeteer-core';
import { TEST_PASSWORD } from './test-app';

export type { Page } from 'puppeteer-core';

/** Timeouts sized for 2 cores shared by several test runs. */
const ACTION_TIMEOUT_MS = 30_000;
const NAVIGATION_TIMEOUT_MS = 60_000;

// Jest ignores "testTimeout" inside a "projects" entry; a browser test needs more than the default 5 s under load.
jest.setTimeout(4 * NAVIGATION_TIMEOUT_MS);

export const CHROMIUM_ARGS = HEADLESS_CHROMIUM_ARGS;

export interface TestBrowser {
  browser: Browser;
  /** A page in a fresh incognito context (no cookies shared with other pages), 1366×900, given Accept-Language. */
  newPage(opts?: { acceptLanguage?: string }): Promise<Page>;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

const DIALOGS = new WeakMap<Page, string[]>();

const CANCELLING = new WeakSet<Page>();

/** From now on the page answers confirmations with Cancel (`false`) or OK (`true`, the default). */
export function answerConfirmations(page: Page, ok: boolean): void {
  if (ok) CANCELLING.delete(page);
  else CANCELLING.add(page);
}

/** The confirmation texts a page has shown so far. */
export function dialogsOf(page: Page): string[] {
  return DIALOGS.get(page) ?? [];
}

export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    userDataDir,
    defaultViewport: { width: 1366, height: 900 },
    timeout: NAVIGATION_TIMEOUT_MS,
    protocolTimeout: 2 * NAVIGATION_TIMEOUT_MS,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage({ acceptLanguage = 'zh-CN,zh;q=0.9' } = {}) {
      const context = await browser.createBrowserContext();
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
      // Headless Chromium sends en-US by default; the app is Chinese first, as its users' browsers are.
      await page.setExtraHTTPHeaders({ 'Accept-Language': acceptLanguage });
      // Confirmations (data-confirm) are accepted as a user would click OK; their texts are kept for assertions.
      const asked: string[] = [];
      DIALOGS.set(page, asked);
      page.on('dialog', (d) => {
        asked.push(d.message());
        void (CANCELLING.has(page) ? d.dismiss() : d.accept());
      });
      return page;
    },
    async close() {
      try {
        for (const c of contexts) await c.close().catch(() => undefined);
        await browser.close();
      } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Clicks (or submits via) `selector` and resolves with the response of the page it leads to. */
export async function clickAndWait(page: Page, selector: string): Promise<HTTPResponse | null> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response;
}

/** Opens `url` and fails unless the final response has the expected status (after redirects). */
export async function open(page: Page, url: string, status = 200): Promise<HTTPResponse> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${url}`);
  if (response.status() !== status) throw new Error(`${url}: expected ${status}, got ${response.status()}`);
  return response;
}

/** Signs in through the real login form (`/login`), as a user would; resolves with the page it lands on. */
export async function loginViaForm(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD): Promise<HTTPResponse | null> {
  await open(page, `${baseUrl}/login`);
  await page.type('input[name=username]', username);
  await page.type('input[name=password]', password);
  return clickAndWait(page, 'form[action="/login"] button[type=submit]');
}

/** Trimmed text content of the first element matching `selector`, or null if there is none. */
/** Sets an input's value as a user would (date inputs take no typed ISO text) and fires input/change. */
export async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      (el as HTMLInputElement).value = v as string;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

export async function textOf(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()).catch(() => null);
}

/** Text of every element matching `selector`, trimmed. */
export async function textsOf(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

/** Saves a full-page PNG to $SCREENSHOT_DIR/<name>.png when that variable is set (for looking at pages); no-op otherwise. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  // A web font that never settles must not hang the run: wait for fonts at most 5 s, then shoot what is there.
  await page.evaluate(() => Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 5000))]));
  await page.screenshot({ path: path.join(dir, `${name}.png`) as `${string}.png`, fullPage: true });
}
