import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CLICK_HINT, OVERRIDES_HINT, SNAPSHOTS_HEADING, statusBarView } from '../src/logic/statusBar';
import { Status } from '../src/logic/protocol';

const status = (over: Partial<Status> = {}): Status => ({
  compareMode: 'auto',
  comparison: null,
  overrides: {},
  title: 'heap-2.pb.gz · inuse_space · 6.38 MB',
  details: ['Profile: /ws/profiles/heap-2.pb.gz', 'Total: 6.38 MB', 'Source files found in the workspace: 6 of 6.'],
  ...over,
});

test('the text is the server title, the tooltip its details and the click hint', () => {
  const view = statusBarView(status());
  assert.equal(view.text, '$(flame) heap-2.pb.gz · inuse_space · 6.38 MB');
  assert.equal(view.tooltip, ['Profile: /ws/profiles/heap-2.pb.gz', 'Total: 6.38 MB', 'Source files found in the workspace: 6 of 6.', CLICK_HINT].join('\n'));
});

test('whatever the server writes is shown as is (no value is formatted here)', () => {
  const view = statusBarView(status({ title: 'cpu.pprof · cpu · 120 s', details: ['Total: 120 s'] }));
  assert.equal(view.text, '$(flame) cpu.pprof · cpu · 120 s');
  assert.match(view.tooltip, /^Total: 120 s$/m);
});

test('with overrides, the tooltip says how to go back to the settings', () => {
  const title = 'heap-1.pb.gz · alloc_space · 244.27 MB (chosen by command)';
  const view = statusBarView(status({ title, overrides: { profile: '/ws/profiles/heap-1.pb.gz', sampleType: 'alloc_space' } }));
  assert.equal(view.text, `$(flame) ${title}`);
  assert.ok(view.tooltip.includes(OVERRIDES_HINT));
  assert.ok(!statusBarView(status()).tooltip.includes(OVERRIDES_HINT));
});

test('before the first status', () => {
  assert.equal(statusBarView(undefined).text, '$(flame) pprof');
});

test('while the server loads, a spinner comes before its title', () => {
  assert.equal(statusBarView(status({ loading: true })).text, '$(sync~spin) heap-2.pb.gz · inuse_space · 6.38 MB');
  assert.equal(statusBarView(status({ loading: false })).text, '$(flame) heap-2.pb.gz · inuse_space · 6.38 MB');
});

test("over a timeline, the tooltip lists the snapshots' labels after the server's details", () => {
  const view = statusBarView(status({
    title: 'heap-3.pb.gz · inuse_space · Δ heap-1.pb.gz: 1 MB → 3 MB (+2 MB)',
    details: ['Profile: /srv/snaps/heap-3.pb.gz', 'Timeline: /srv/snaps, 3 snapshots'],
    timeline: {
      source: '/srv/snaps',
      kind: 'folder',
      pollSeconds: null,
      snapshots: [
        { path: '/srv/snaps/heap-1.pb.gz', time: null, label: 'heap-1.pb.gz · 2026-12-02 01:00:00 UTC', role: 'base' },
        { path: '/srv/snaps/heap-2.pb.gz', time: null, label: 'heap-2.pb.gz · 2026-12-02 02:00:00 UTC', role: null },
        { path: '/srv/snaps/heap-3.pb.gz', time: null, label: 'heap-3.pb.gz · 2026-12-02 03:00:00 UTC', role: 'shown' },
      ],
    },
  }));
  assert.equal(view.tooltip, [
    'Profile: /srv/snaps/heap-3.pb.gz',
    'Timeline: /srv/snaps, 3 snapshots',
    SNAPSHOTS_HEADING,
    '  heap-1.pb.gz · 2026-12-02 01:00:00 UTC (base)',
    '  heap-2.pb.gz · 2026-12-02 02:00:00 UTC',
    '  heap-3.pb.gz · 2026-12-02 03:00:00 UTC (shown)',
    CLICK_HINT,
  ].join('\n'));
  assert.ok(!statusBarView(status({ timeline: null })).tooltip.includes(SNAPSHOTS_HEADING));
});
