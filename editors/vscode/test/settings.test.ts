import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { SERVER_KEYS, serverSettings } from '../src/logic/settings';

test('serverSettings keeps the server keys and drops unset and client-only ones', () => {
  const raw = {
    profile: 'profiles/heap-2.pb.gz',
    sampleType: null,
    base: '',
    compareMode: 'auto',
    pathMappings: [{ from: '/a/', to: 'src/' }],
    inlayHints: false,
    codeLens: true,
    minShare: 0,
    diagnostics: false,
    diagnosticsCount: 10,
    maxProfileMB: 1024,
    keepSnapshots: 24,
    pollSeconds: 60,
    growthDiagnostics: false,
    heatmap: true,
    server: { path: '/x' },
  };
  assert.deepEqual(serverSettings(raw), {
    profile: 'profiles/heap-2.pb.gz',
    compareMode: 'auto',
    pathMappings: [{ from: '/a/', to: 'src/' }],
    inlayHints: false,
    codeLens: true,
    minShare: 0,
    diagnostics: false,
    diagnosticsCount: 10,
    maxProfileMB: 1024,
    keepSnapshots: 24,
    pollSeconds: 60,
    growthDiagnostics: false,
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

test("the timeline settings are contributed with the server's defaults and bounds (docs/server-interface.md)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual([props['pprof.keepSnapshots'].type, props['pprof.keepSnapshots'].default, props['pprof.keepSnapshots'].minimum], ['number', 24, 2]);
  assert.deepEqual([props['pprof.pollSeconds'].type, props['pprof.pollSeconds'].default, props['pprof.pollSeconds'].minimum], ['number', 60, 1]);
  assert.deepEqual([props['pprof.growthDiagnostics'].type, props['pprof.growthDiagnostics'].default], ['boolean', true]);
  assert.match(props['pprof.profile'].markdownDescription, /folder/);
  assert.match(props['pprof.profile'].markdownDescription, /glob/);
  assert.match(props['pprof.profile'].markdownDescription, /http:\/\/127\.0\.0\.1:6060\/debug\/pprof\/heap\?gc=1/);
});

test('package.json: every command activates the extension', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  for (const c of pkg.contributes.commands) {
    assert.ok(pkg.activationEvents.includes(`onCommand:${c.command}`), `onCommand:${c.command}`);
  }
  // and every command the extension registers is in the palette
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const e of pkg.activationEvents.filter((a: string) => a.startsWith('onCommand:'))) {
    assert.ok(contributed.has(e.slice('onCommand:'.length)), `${e} has no contributes.commands entry`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source: string = require('fs').readFileSync(require('path').join(__dirname, '../../src/commands.ts'), 'utf8');
  for (const m of source.matchAll(/^    '(pprof\.[A-Za-z]+)': /gm)) assert.ok(contributed.has(m[1]), `${m[1]} (commands.ts) is not contributed`);
  assert.equal(pkg.engines.vscode, '^1.96.0');
  assert.equal(pkg.dependencies['vscode-languageclient'].split('.')[0], '9');
});

test("the setting keys are the server's own (KEYS in server/src/session/settings.rs)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path');
  const source: string = fs.readFileSync(path.join(__dirname, '../../../../server/src/session/settings.rs'), 'utf8');
  const keys = /const KEYS: \[&str; \d+\] = \[([^\]]*)\]/.exec(source);
  assert.ok(keys, 'KEYS in settings.rs');
  const serverKeys = [...keys[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual([...SERVER_KEYS].sort(), serverKeys.sort());
});

test("no command of the extension has the name of a server command (COMMANDS in server/src/lsp/commands/mod.rs)", () => {
  // The language client registers each server command itself: a second
  // registration of the same name makes the client fail to start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const source: string = fs.readFileSync(path.join(__dirname, '../../../../server/src/lsp/commands/mod.rs'), 'utf8');
  const list = /pub const COMMANDS: \[&str; \d+\] = \[([^\]]*)\]/.exec(source);
  assert.ok(list, 'COMMANDS in commands/mod.rs');
  const serverCommands = [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(serverCommands.includes('pprof.clearBase'), 'the list was read');
  // and those of the contract's command table, which may be ahead of the code (pprof.growth)
  const doc: string = fs.readFileSync(path.join(__dirname, '../../../../docs/server-interface.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `(pprof\.[A-Za-z]+)` \|/gm)].map((m) => m[1]);
  assert.ok(documented.includes('pprof.growth'), 'the table was read');
  serverCommands.push(...documented);
  // pprof.showCallers and pprof.selectService are the ones the extension handles through the client's middleware, not registers.
  const viaMiddleware = ['pprof.showCallers', 'pprof.selectService'];
  for (const c of pkg.contributes.commands) {
    if (viaMiddleware.includes(c.command)) {
      assert.ok(serverCommands.includes(c.command), `${c.command} is a server command`);
      continue;
    }
    assert.ok(!serverCommands.includes(c.command), `${c.command} is a server command too`);
  }
});

test('a store object as profile goes to the server unchanged, with baseOffset', () => {
  const store = {
    kind: 'pyroscope',
    url: 'http://127.0.0.1:4040',
    query: '{service_name="orders"}',
    profileType: 'memory:inuse_space:bytes:space:bytes',
    range: '1h',
    tenant: 'team-a',
    tokenEnv: 'PYROSCOPE_TOKEN',
  };
  const out = serverSettings({ profile: store, baseOffset: '24h', heatmap: true });
  assert.deepEqual(out, { profile: store, baseOffset: '24h' });
  assert.equal(JSON.stringify(out.profile), JSON.stringify(store), 'the same keys in the same order');
  // an empty baseOffset (its default) is unset
  assert.deepEqual(serverSettings({ profile: store, baseOffset: '' }), { profile: store });
  // a frozen object (as VS Code's configuration gives) is sent as it is
  assert.deepEqual(serverSettings({ profile: Object.freeze({ ...store }) }).profile, store);
});

test("package.json: pprof.profile is a string or a store object (docs/fleet.md's keys), pprof.baseOffset a string", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const props = pkg.contributes.configuration.properties;
  const profile = props['pprof.profile'];
  assert.ok(profile.type.includes('string') && profile.type.includes('object'), JSON.stringify(profile.type));
  assert.equal(profile.additionalProperties, false);
  assert.deepEqual(profile.required, ['kind', 'url']);
  assert.deepEqual(Object.keys(profile.properties).sort(), ['basicAuthEnv', 'kind', 'profileType', 'query', 'range', 'tenant', 'tokenEnv', 'url']);
  assert.deepEqual(profile.properties.kind.enum, ['pyroscope', 'parca']);
  for (const [k, v] of Object.entries(profile.properties) as Array<[string, { type: string }]>) assert.equal(v.type, 'string', k);
  assert.match(profile.markdownDescription, /fleet\.md/);
  assert.match(profile.markdownDescription, /Select Service/);
  // the keys fleet.md's table documents, no more, no fewer
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fleet: string = require('fs').readFileSync(require('path').join(__dirname, '../../../../docs/fleet.md'), 'utf8');
  const table = fleet.slice(fleet.indexOf('## The settings'));
  const documented = [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(profile.properties).sort(), documented);
  const offset = props['pprof.baseOffset'];
  assert.equal(offset.type, 'string');
  assert.equal(offset.default, '');
  assert.match(offset.markdownDescription, /24h/);
});

test('the client handles pprof.selectService from the palette through its middleware (the server registers the command)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source: string = require('fs').readFileSync(require('path').join(__dirname, '../../src/client.ts'), 'utf8');
  assert.match(source, /command === 'pprof\.selectService' && !args\?\.length\) return selectService\(state/);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const c = pkg.contributes.commands.find((x: { command: string }) => x.command === 'pprof.selectService');
  assert.deepEqual([c.title, c.category], ['Select Service', 'pprof']);
});
