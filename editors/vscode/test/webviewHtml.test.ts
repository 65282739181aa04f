import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { contentSecurityPolicy, graphPage, makeNonce } from '../src/logic/webviewHtml';

const parts = { cspSource: 'https://x.vscode-cdn.net', nonce: 'N0nce', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/graph.css' };

test('the page loads nothing but its bundled script (by nonce) and style sheet', () => {
  const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /script-src 'nonce-N0nce'(;|$)/);
  assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src|\*/);
  const html = graphPage(parts);
  assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`));
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script nonce="N0nce" src="https://x/dist/webview.js">']);
  assert.deepEqual([...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]), ['<link rel="stylesheet" href="https://x/media/graph.css">']);
  assert.doesNotMatch(html, /style="/);
  for (const id of ['title', 'message', 'graph', 'legend', 'series', 'series-chart', 'tooltip']) assert.ok(html.includes(`id="${id}"`), id);
});

test('attributes are escaped', () => {
  const html = graphPage({ ...parts, scriptUri: 'https://x/a"b<c&d' });
  assert.ok(html.includes('src="https://x/a&quot;b&lt;c&amp;d"'));
});

test('nonces are 32 letters and digits, and differ', () => {
  const a = makeNonce();
  assert.match(a, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(a, makeNonce());
  assert.equal(makeNonce(() => 0), 'A'.repeat(32));
});

test("the VSIX ships the page's script and style sheet", () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const ignore = fs.readFileSync(path.join(__dirname, '../../.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!dist/webview.js'));
  assert.ok(ignore.includes('!media/**'));
  assert.ok(fs.existsSync(path.join(__dirname, '../../media/graph.css')));
});
