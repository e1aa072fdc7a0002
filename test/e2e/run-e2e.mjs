#!/usr/bin/env node
// Browser tests against the built site: `npm run build`, then `npm run test:e2e [filter...]`.
// Starts `astro preview` on a free port, runs every test/e2e/*.e2e.mjs file (or those whose name
// contains one of the filters) in Debian Chromium through playwright-core, prints one line per
// test and a closing "N passed, N failed[, N skipped]" line, and always stops the server.
// How to write a test file: test/e2e/README.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = join(root, 'test-results', 'screenshots');
const TEST_TIMEOUT_MS = 60_000;
const SERVER_TIMEOUT_MS = 30_000;
const isCI = process.env.CI === 'true';
// SITE_DIST lets you test a build kept elsewhere (`astro build --outDir /tmp/x`), e.g. while
// someone else rebuilds dist/ in the same checkout.
const DIST = resolve(root, process.env.SITE_DIST || 'dist');

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: no Chromium at ${CHROMIUM}; install it with apt-get install -y chromium`);
  process.exit(isCI ? 1 : 0);
}
if (!existsSync(join(DIST, 'index.html'))) {
  fail(`No built site in ${DIST}. Run \`npm run build\` first (it also builds the search index), then \`npm run test:e2e\`.`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `astro preview` and resolves with its base URL, read from the "Local" line it prints. */
function startPreview(port) {
  const child = spawn(join(root, 'node_modules/.bin/astro'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--outDir', DIST], {
    cwd: root,
    detached: true, // own process group, so stopping it also stops anything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let output = '';
  const ready = new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`astro preview did not print its address within ${SERVER_TIMEOUT_MS / 1000} s:\n${output}`)), SERVER_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      // eslint-disable-next-line no-control-regex
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const match = plain.match(/Local\s+(http:\/\/[^\s/]+:(\d+)\/?)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(`http://127.0.0.1:${match[2]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`astro preview exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  return { child, ready };
}

function stopServer(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    try {
      child.kill('SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** A test module exports `tests` (an array of { name, run, skip?, allowConsoleErrors?, timeout?, contextOptions? }) or plain async functions. */
function testsOf(module, file) {
  if (Array.isArray(module.tests)) return module.tests.map((t) => ({ file, ...t }));
  return Object.entries(module)
    .filter(([, value]) => typeof value === 'function')
    .map(([name, run]) => ({ file, name, run }));
}

async function launch(contextOptions = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ...contextOptions,
  });
  return { context, profile };
}

/** The helper every test receives. */
function makeHelper(context, page, baseUrl, consoleErrors) {
  return {
    context,
    page,
    baseUrl,
    consoleErrors,
    url: (path = '/') => new URL(path, baseUrl).href,
    goto: (path = '/', options) => page.goto(new URL(path, baseUrl).href, { waitUntil: 'load', ...options }),
    /** Saves test-results/screenshots/<name>.png and returns its path. */
    screenshot: async (name, options = {}) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, ...options });
      return path;
    },
    /** Opens another page in the same browser profile, collecting its console errors too. */
    newPage: async () => {
      const other = await context.newPage();
      watchConsole(other, consoleErrors);
      return other;
    },
  };
}

function watchConsole(page, sink) {
  page.on('console', (message) => {
    if (message.type() === 'error') sink.push(`console.error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => sink.push(`uncaught exception on ${page.url()}: ${error.message}`));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(test, baseUrl) {
  const { context, profile } = await launch(test.contextOptions);
  const consoleErrors = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    watchConsole(page, consoleErrors);
    const helper = makeHelper(context, page, baseUrl, consoleErrors);
    await withTimeout(Promise.resolve(test.run(helper)), test.timeout ?? TEST_TIMEOUT_MS, `"${test.name}"`);
    if (!test.allowConsoleErrors && consoleErrors.length > 0) {
      throw new Error(`the page logged errors:\n  ${consoleErrors.join('\n  ')}`);
    }
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const filters = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) fail(`No test files in test/e2e/ match ${filters.join(', ') || '*.e2e.mjs'}.`);

  const tests = [];
  for (const file of files) {
    const module = await import(pathToFileURL(join(here, file)).href);
    tests.push(...testsOf(module, basename(file, '.e2e.mjs')));
  }

  const { child, ready } = startPreview(await freePort());
  const stop = () => stopServer(child);
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const baseUrl = await ready;
    console.log(`Serving ${DIST} at ${baseUrl}; ${tests.length} test(s) in ${files.length} file(s)\n`);
    for (const test of tests) {
      const label = `${test.file} › ${test.name}`;
      if (test.skip) {
        skipped++;
        console.log(`- ${label} (skipped: ${test.skip})`);
        continue;
      }
      const started = performance.now();
      try {
        await runTest(test, baseUrl);
        passed++;
        console.log(`✓ ${label} (${Math.round(performance.now() - started)} ms)`);
      } catch (error) {
        failed++;
        console.log(`✗ ${label} (${Math.round(performance.now() - started)} ms)`);
        console.log(`    ${String(error?.stack ?? error).split('\n').slice(0, 8).join('\n    ')}`);
      }
    }
  } finally {
    stop();
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exitCode = 1;
});
