import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FALLBACK_PROFILE_PATTERNS, fileDialogFilters, profilePatternsOf } from '../src/logic/profilePatterns';

/** The server's profile name patterns (it sends them as `profilePatterns`), read from its source. */
function serverProfilePatterns(): string[] {
  // out/test/ -> the repository root
  const dir = path.resolve(__dirname, '../../../../server/src/resolve');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.rs'))) {
    const source = fs.readFileSync(path.join(dir, name), 'utf8');
    const list = /pub const PROFILE_PATTERNS\s*:[^=]*=\s*\[([^\]]*)\]/.exec(source);
    if (list) return [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  }
  assert.fail(`no PROFILE_PATTERNS in ${dir}`);
}

test("package.json's workspaceContains events are the server's profile patterns", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const events: string[] = pkg.activationEvents
    .filter((e: string) => e.startsWith('workspaceContains:'))
    .map((e: string) => e.slice('workspaceContains:'.length));
  assert.deepEqual(events, serverProfilePatterns().map((p) => `**/${p}`));
});

test("the fallback patterns are the server's", () => {
  assert.deepEqual([...FALLBACK_PROFILE_PATTERNS], serverProfilePatterns());
});

test('profilePatternsOf reads the initialize result, else falls back', () => {
  const sent = ['*.pb.gz', 'default.pgo'];
  assert.deepEqual(profilePatternsOf({ experimental: { pprof: { profilePatterns: sent } } }), sent);
  assert.equal(profilePatternsOf({ experimental: { pprof: { profilePatterns: [] } } }), FALLBACK_PROFILE_PATTERNS);
  assert.equal(profilePatternsOf({ experimental: {} }), FALLBACK_PROFILE_PATTERNS);
  assert.equal(profilePatternsOf({}), FALLBACK_PROFILE_PATTERNS);
  assert.equal(profilePatternsOf(undefined), FALLBACK_PROFILE_PATTERNS);
});

test('file dialog filters: name endings without the dot, whole names by their extension', () => {
  assert.deepEqual(fileDialogFilters(['*.pb.gz', '*.pprof', '*.prof', 'default.pgo']), {
    'pprof profiles': ['pb.gz', 'pprof', 'prof', 'pgo'],
    'All files': ['*'],
  });
  assert.deepEqual(fileDialogFilters(['**/*.pb.gz', '*.pb.gz', 'heap', '*.*']), { 'pprof profiles': ['pb.gz'], 'All files': ['*'] });
});
