import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { SERVER_KEYS, serverSettings } from '../src/logic/settings';

test('serverSettings keeps the server keys and drops unset and client-only ones', () => {
  const raw = {
    profile: 'profiles/heap-2.pb.gz',
    sampleType: null,
    base: '',
    baseMode: 'diff',
    pathMappings: [{ from: '/a/', to: 'src/' }],
    inlayHints: false,
    codeLens: true,
    minShare: 0,
    diagnostics: false,
    diagnosticsCount: 10,
    maxProfileMB: 1024,
    heatmap: true,
    server: { path: '/x' },
  };
  assert.deepEqual(serverSettings(raw), {
    profile: 'profiles/heap-2.pb.gz',
    baseMode: 'diff',
    pathMappings: [{ from: '/a/', to: 'src/' }],
    inlayHints: false,
    codeLens: true,
    minShare: 0,
    diagnostics: false,
    diagnosticsCount: 10,
    maxProfileMB: 1024,
  });
  assert.deepEqual(serverSettings(null), {});
  assert.deepEqual(serverSettings('x'), {});
});

test('the setting keys match package.json contributes.configuration', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const props = Object.keys(pkg.contributes.configuration.properties);
  for (const k of SERVER_KEYS) assert.ok(props.includes(`pprof.${k}`), `pprof.${k} is contributed`);
  for (const k of ['pprof.heatmap', 'pprof.server.path']) assert.ok(props.includes(k), `${k} is contributed`);
});

test('package.json: every command activates the extension', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  for (const c of pkg.contributes.commands) {
    assert.ok(pkg.activationEvents.includes(`onCommand:${c.command}`), `onCommand:${c.command}`);
  }
  assert.equal(pkg.engines.vscode, '^1.96.0');
  assert.equal(pkg.dependencies['vscode-languageclient'].split('.')[0], '9');
});
