import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { expandConfiguredPath, resolveServerPath } from '../src/logic/serverPath';

const base = {
  extensionPath: '/ext',
  platform: 'linux',
  envPath: '/usr/local/bin:/usr/bin',
  workspaceFolder: '/ws',
  homeDir: '/home/u',
};
const fsWith = (...files: string[]) => (p: string) => files.includes(p);

test('the bundled binary wins', () => {
  const r = resolveServerPath({ ...base, configuredPath: '/opt/pprof-lsp', exists: fsWith('/ext/server/pprof-lsp', '/opt/pprof-lsp', '/usr/bin/pprof-lsp') });
  assert.deepEqual(r, { ok: true, path: '/ext/server/pprof-lsp', source: 'bundled' });
});

test('then pprof.server.path', () => {
  const r = resolveServerPath({ ...base, configuredPath: '/opt/pprof-lsp', exists: fsWith('/opt/pprof-lsp', '/usr/bin/pprof-lsp') });
  assert.deepEqual(r, { ok: true, path: '/opt/pprof-lsp', source: 'setting' });
  const rel = resolveServerPath({ ...base, configuredPath: 'target/release/pprof-lsp', exists: fsWith('/ws/target/release/pprof-lsp') });
  assert.deepEqual(rel, { ok: true, path: '/ws/target/release/pprof-lsp', source: 'setting' });
  const home = resolveServerPath({ ...base, configuredPath: '~/bin/pprof-lsp', exists: fsWith('/home/u/bin/pprof-lsp') });
  assert.deepEqual(home, { ok: true, path: '/home/u/bin/pprof-lsp', source: 'setting' });
  const bare = resolveServerPath({ ...base, configuredPath: 'pprof-lsp-dev', exists: fsWith('/usr/bin/pprof-lsp-dev') });
  assert.deepEqual(bare, { ok: true, path: '/usr/bin/pprof-lsp-dev', source: 'setting' });
});

test('a configured path that does not exist is an error naming the setting, not a silent fallback', () => {
  const r = resolveServerPath({ ...base, configuredPath: '/nope/pprof-lsp', exists: fsWith('/usr/bin/pprof-lsp') });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.error, /"pprof\.server\.path"/);
    assert.match(r.error, /\/nope\/pprof-lsp/);
  }
});

test('then pprof-lsp on PATH (an empty setting counts as unset)', () => {
  for (const configuredPath of [undefined, null, '', '  ']) {
    const r = resolveServerPath({ ...base, configuredPath, exists: fsWith('/usr/bin/pprof-lsp') });
    assert.deepEqual(r, { ok: true, path: '/usr/bin/pprof-lsp', source: 'PATH' });
  }
  const first = resolveServerPath({ ...base, exists: fsWith('/usr/bin/pprof-lsp', '/usr/local/bin/pprof-lsp') });
  assert.deepEqual(first, { ok: true, path: '/usr/local/bin/pprof-lsp', source: 'PATH' }, 'PATH order is respected');
});

test('else a clear error that names the setting', () => {
  const r = resolveServerPath({ ...base, exists: fsWith() });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.error, /pprof\.server\.path/);
    assert.match(r.error, /PATH/);
    assert.match(r.error, /cargo build --release -p pprof-lsp/);
  }
  const noPath = resolveServerPath({ ...base, envPath: undefined, exists: fsWith() });
  assert.equal(noPath.ok, false);
});

test('windows names the .exe and uses ; in PATH', () => {
  const r = resolveServerPath({ ...base, platform: 'win32', envPath: 'C:/a;C:/b', exists: fsWith('C:/b/pprof-lsp.exe') });
  assert.equal(r.ok, true);
});

test('expandConfiguredPath', () => {
  assert.equal(expandConfiguredPath('${workspaceFolder}/bin/x', '/ws', '/h'), '/ws/bin/x');
  assert.equal(expandConfiguredPath('${userHome}/x', '/ws', '/h'), '/h/x');
  assert.equal(expandConfiguredPath('~', '/ws', '/h'), '/h');
  assert.equal(expandConfiguredPath('/abs/x', '/ws', '/h'), '/abs/x');
  assert.equal(expandConfiguredPath('name-only', '/ws', '/h'), 'name-only');
});
