-- A timeline: `profile` a folder of four heap snapshots of leakyfeed's
-- code, an hour apart (tests/nvim/snapshots.py), cache.clone's line
-- cache.go:43 rising at each. The status' `timeline`, :PprofStatus,
-- :PprofGrowth, :PprofCompare over the snapshots, the steady-growth
-- diagnostics and the timeline settings passed through, against the real
-- server (or the stub, whose snapshots rise from the golden heap-1 to
-- heap-2: clone first too). What Neovim shows is checked against the
-- server's own answers. (The LSP client decodes JSON null in objects as nil.)
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local snaps_dir = vim.fn.tempname() .. '-snaps'
local written = vim.system({ 'python3', H.repo .. '/tests/nvim/snapshots.py', snaps_dir }, { text = true }):wait()
assert(written.code == 0, 'snapshots.py: ' .. tostring(written.stderr))
local snaps = vim.split(vim.trim(written.stdout), '\n')
assert(#snaps == 4, 'four snapshots: ' .. written.stdout)

local function messages()
  return vim.api.nvim_exec2('messages', { output = true }).output
end

local function capture_notify()
  local got = {}
  vim.notify = function(msg, level)
    got[#got + 1] = { msg = msg, level = level }
  end
  return got
end

--- Calls fn while recording the arguments and error answer of each
--- workspace/executeCommand `command` the plugin sends.
local function spy_command(command, fn)
  local c = assert(require('pprof.client').attached(H.buf), 'pprof-lsp attached to cache.go')
  local seen = {}
  local request = c.request
  c.request = function(self, method, params, handler, bufnr)
    if method == 'workspace/executeCommand' and params.command == command then
      local call = { arguments = params.arguments }
      seen[#seen + 1] = call
      return request(self, method, params, function(err, result, ctx)
        call.err, call.done = err, true
        return handler(err, result, ctx)
      end, bufnr)
    end
    return request(self, method, params, handler, bufnr)
  end
  local ok, err = pcall(fn, seen)
  c.request = request
  assert(ok, err)
  return seen
end

local function snapshot_paths(status)
  return vim.tbl_map(function(s)
    return s.path
  end, status.timeline.snapshots)
end

local function wait_status(what, fn)
  local pprof = require('pprof')
  H.wait(H.timeout, function()
    return pprof.status and fn(pprof.status)
  end, what)
  return pprof.status
end

H.test('the timeline of the status: :PprofStatus lists its snapshots\' labels and roles', function()
  H.setup({ profile = snaps_dir })
  H.buf = H.open('src/cache/cache.go')
  wait_status('a loaded timeline of 4', function(s)
    return s.profile ~= nil and type(s.timeline) == 'table' and #s.timeline.snapshots == 4
  end)
  local status = H.server_command(H.buf, 'pprof.status', nil)
  H.eq(snaps, snapshot_paths(status), 'the four snapshots, oldest first')
  H.eq('folder', status.timeline.kind, 'a folder')
  H.eq(snaps[4], status.profile, 'the newest is shown')
  H.eq(snaps[1], status.base, 'compared with the oldest')
  vim.cmd('messages clear')
  vim.cmd('PprofStatus')
  H.wait(H.timeout, function()
    return messages():find('pprof: ', 1, true) ~= nil
  end, ':PprofStatus output')
  local out = messages()
  H.ok(not out:find('loading…', 1, true), 'no longer loading: ' .. out)
  for _, s in ipairs(status.timeline.snapshots) do
    local role = s.role and (' (' .. s.role .. ')') or ''
    H.ok(out:find('\n    ' .. s.label .. role .. '\n', 1, true) or vim.endswith(out, '    ' .. s.label .. role),
      'snapshot "' .. s.label .. role .. '" shown: ' .. out)
  end
  H.ok(out:find(status.timeline.snapshots[4].label .. ' (shown)', 1, true), 'the shown one marked: ' .. out)
  H.ok(out:find(status.timeline.snapshots[1].label .. ' (base)', 1, true), 'the base marked: ' .. out)
  H.eq(status.title, require('pprof').statusline(), 'the statusline stays the server\'s short title')
end)

H.test(':PprofGrowth fills the quickfix list with the server\'s rows', function()
  vim.cmd('cclose')
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.cmd('PprofGrowth')
  local qf = H.wait_qf('pprof: ')
  local growth = H.server_command(H.buf, 'pprof.growth', nil)
  H.eq('pprof: ' .. growth.title, qf.title, 'titled with the server\'s title')
  H.eq(#growth.rows, #qf.items, 'one item per row')
  H.ok(#growth.rows >= 3, 'rows: ' .. #growth.rows)
  local shown = H.qf_window_lines()
  local with_location, without = 0, 0
  for i, row in ipairs(growth.rows) do
    local item = qf.items[i]
    H.eq(row.text .. '  ' .. row.shortName, item.text, 'row ' .. i .. ' text: the server\'s text, then the short name')
    if row.location then
      with_location = with_location + 1
      H.eq(vim.uri_to_fname(row.location.uri), vim.api.nvim_buf_get_name(item.bufnr), 'row ' .. i .. ' file')
      H.eq(row.location.range.start.line + 1, item.lnum, 'row ' .. i .. ' line (1-based)')
    else
      without = without + 1
      H.eq(0, item.bufnr, 'row ' .. i .. ' (not on this machine) has no file')
    end
    H.ok(vim.startswith(shown[i], row.text .. ' '), string.format('row %d drawn with its text: %q', i, shown[i]))
    H.ok(vim.endswith(shown[i], '  ' .. row.where), string.format('row %d drawn with %q last: %q', i, row.where, shown[i]))
  end
  H.ok(with_location > 0 and without > 0, string.format('rows in the workspace (%d) and not (%d)', with_location, without))
  -- The first row: clone, steady, at cache.go:43 (where it allocates).
  local first = growth.rows[1]
  H.eq('example.com/leakyfeed/cache.clone', first['function'], 'clone grows most steadily')
  H.eq(true, first.steady, 'steady')
  H.eq(H.fixture .. '/src/cache/cache.go', vim.api.nvim_buf_get_name(qf.items[1].bufnr), 'first row file')
  H.eq(43, qf.items[1].lnum, 'first row line')
  H.ok(vim.fn.getqflist({ winid = 0 }).winid ~= 0, 'quickfix window open')
  vim.cmd('cc 1')
  H.eq(43, vim.api.nvim_win_get_cursor(0)[1], ':cc 1 jumps to cache.go:43')
  vim.cmd('cclose')
  vim.cmd('2PprofGrowth')
  H.wait(H.timeout, function()
    return #vim.fn.getqflist() == 2
  end, ':2PprofGrowth: two rows')
  vim.cmd('cclose')
end)

H.test(':PprofSeries shows the function\'s series in a float: sparkline, values, snapshots and times', function()
  local clone_line = H.func_line(H.buf, 'func clone(')
  vim.api.nvim_set_current_buf(H.buf)
  vim.api.nvim_win_set_cursor(0, { clone_line, 0 })
  local series = H.server_command(H.buf, 'pprof.series',
    { { uri = vim.uri_from_bufnr(H.buf), position = { line = clone_line - 1, character = 0 } } })
  H.eq('example.com/leakyfeed/cache.clone', series['function'], 'the function at the cursor')
  H.eq(4, #series.points, 'a point per snapshot')
  vim.cmd('PprofSeries')
  H.wait(H.timeout, function()
    return vim.api.nvim_win_get_config(0).relative ~= ''
  end, 'the series float')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  H.eq(series.title, lines[1], 'the server\'s title')
  H.eq(series.text, lines[2], 'the server\'s text, sparkline first')
  local bars = vim.fn.split(series.sparkline, '\\zs')
  for i, point in ipairs(series.points) do
    local line = lines[3 + i]
    H.ok(vim.startswith(line, bars[i] .. '  ' .. point.label), string.format('point %d: its bar and value: %q', i, line))
    H.ok(vim.endswith(line, point.snapshot .. '  ' .. point.timeLabel), string.format('point %d: snapshot and time: %q', i, line))
  end
  vim.api.nvim_win_close(0, true)
end)

local function steady_growth()
  return vim.tbl_filter(function(d)
    return d.code == 'steady-growth'
  end, vim.diagnostic.get(H.buf))
end

H.test('steady-growth diagnostics arrive as vim.diagnostic entries, INFO, on the line that grew', function()
  H.wait(H.timeout, function()
    return #steady_growth() > 0
  end, 'steady-growth diagnostics')
  for _, d in ipairs(steady_growth()) do
    H.eq(vim.diagnostic.severity.INFO, d.severity, 'line ' .. (d.lnum + 1) .. ' severity')
    H.eq('pprof', d.source, 'source')
    H.ok(d.message:find('grew at each of the last 4 snapshots', 1, true), 'the server\'s message: ' .. d.message)
  end
  local lines = vim.tbl_map(function(d)
    return d.lnum + 1
  end, steady_growth())
  H.ok(vim.tbl_contains(lines, 43), 'one on cache.go:43, where clone allocates: ' .. vim.inspect(lines))
  -- the same lines as the steady rows of pprof.growth that are in this file
  local growth = H.server_command(H.buf, 'pprof.growth', nil)
  local fname = vim.api.nvim_buf_get_name(H.buf)
  for _, row in ipairs(growth.rows) do
    if row.steady and row.location and vim.uri_to_fname(row.location.uri) == fname then
      H.ok(vim.tbl_contains(lines, row.location.range.start.line + 1), 'a diagnostic on the steady row ' .. row.text)
    end
  end
end)

H.test('growthDiagnostics and keepSnapshots go to the server as they are', function()
  local cfg = vim.lsp.config.pprof_lsp
  H.eq(snaps_dir, cfg.init_options.profile, 'profile (a folder) in init_options')
  require('pprof').set_settings({ growthDiagnostics = false })
  H.wait(H.timeout, function()
    return #steady_growth() == 0
  end, 'growthDiagnostics = false: no steady-growth diagnostics')
  require('pprof').set_settings({ growthDiagnostics = true, keepSnapshots = 3 })
  local status = wait_status('a timeline of 3', function(s)
    return type(s.timeline) == 'table' and #s.timeline.snapshots == 3
  end)
  H.eq({ snaps[2], snaps[3], snaps[4] }, snapshot_paths(status), 'the newest 3 kept')
  H.wait(H.timeout, function()
    return #vim.tbl_filter(function(d)
      return d.message:find('last 3 snapshots', 1, true)
    end, steady_growth()) > 0
  end, 'steady-growth diagnostics over 3 snapshots')
  require('pprof').set_settings({ keepSnapshots = 24 })
  wait_status('a timeline of 4 again', function(s)
    return type(s.timeline) == 'table' and #s.timeline.snapshots == 4
  end)
end)

H.test(':PprofCompare completes the timeline\'s snapshot paths', function()
  local all = vim.fn.getcompletion('PprofCompare ', 'cmdline')
  for _, path in ipairs(snaps) do
    H.ok(vim.tbl_contains(all, path), path .. ' offered: ' .. vim.inspect(all))
  end
  H.eq({ snaps[2] }, vim.fn.getcompletion('PprofCompare heap-2', 'cmdline'), 'by file name')
  local in_dir = vim.fn.getcompletion('PprofCompare ' .. snaps_dir .. '/heap-', 'cmdline')
  table.sort(in_dir)
  H.eq(snaps, in_dir, 'by path, each once')
  local profiles = vim.fn.getcompletion('PprofCompare ' .. H.fixture .. '/profiles/heap-', 'cmdline')
  H.ok(vim.tbl_contains(profiles, H.fixture .. '/profiles/heap-1.pb.gz'), 'files still: ' .. vim.inspect(profiles))
  H.eq({ 'auto', 'diff_base', 'base' }, vim.fn.getcompletion('PprofCompare ' .. snaps[2] .. ' ', 'cmdline'), 'then the modes')
end)

H.test(':PprofCompare picks a snapshot with vim.ui.select and sends compareWith with its path', function()
  local notes = capture_notify()
  local before = H.server_command(H.buf, 'pprof.status', nil).timeline.snapshots
  H.eq({ 'base', false, false, 'shown' }, vim.tbl_map(function(s)
    return s.role or false
  end, before), 'roles before')
  local seen
  vim.ui.select = function(items, opts, on_choice)
    seen = { items = items, opts = opts }
    on_choice(items[2], 2)
  end
  local calls = spy_command('pprof.compareWith', function(calls)
    vim.cmd('PprofCompare')
    H.wait(H.timeout, function()
      return calls[1] and calls[1].done
    end, 'pprof.compareWith answered')
  end)
  H.eq({ { snaps[2] } }, vim.tbl_map(function(c)
    return c.arguments
  end, calls), 'compareWith [the picked snapshot\'s path]')
  H.eq(nil, calls[1].err, 'no error')
  local status = require('pprof.status').current()
  H.eq(5, #seen.items, 'the four snapshots, and stop comparing')
  for i, s in ipairs(status.timeline.snapshots) do
    H.eq(seen.items[i].path, s.path, 'choice ' .. i)
  end
  local labels = vim.tbl_map(seen.opts.format_item, seen.items)
  H.eq(before[4].label .. ' (shown)', labels[4], 'the shown snapshot, by the server\'s label')
  H.eq(before[1].label .. ' (base)', labels[1], 'the base, by the server\'s label')
  H.eq(before[2].label, labels[2], 'a snapshot without a role: its label')
  H.eq('no base: stop comparing', labels[5], 'the last choice stops comparing')
  status = wait_status('heap-2 the base', function(s)
    return s.base == snaps[2]
  end)
  H.eq('base', status.timeline.snapshots[2].role, 'heap-2 has the role base')
  H.ok(vim.tbl_contains(vim.tbl_map(function(n)
    return n.msg
  end, notes), 'pprof: ' .. status.message), 'the server\'s message said')
  -- typed (completed) paths go as they are too
  calls = spy_command('pprof.compareWith', function(calls)
    vim.cmd('PprofCompare ' .. snaps[3])
    H.wait(H.timeout, function()
      return calls[1] and calls[1].done
    end, 'pprof.compareWith answered')
  end)
  H.eq({ snaps[3] }, calls[1].arguments, ':PprofCompare {snapshot path}')
  -- the last choice stops comparing
  vim.ui.select = function(items, _, on_choice)
    on_choice(items[#items], #items)
  end
  vim.cmd('PprofCompare')
  status = wait_status('no base', function(s)
    return s.base == nil
  end)
  H.eq({}, vim.tbl_filter(function(s)
    return s.role == 'base'
  end, status.timeline.snapshots), 'no snapshot is the base')
  vim.cmd('PprofUseSettings')
  wait_status('the settings again', function(s)
    return s.base == snaps[1]
  end)
end)

H.test(':PprofGrowth on one profile file says the server\'s error as it is', function()
  local notes = capture_notify()
  vim.cmd('PprofLoad ' .. vim.fn.fnameescape(H.fixture .. '/profiles/heap-2.pb.gz'))
  wait_status('one file', function(s)
    return s.timeline == nil
  end)
  local calls = spy_command('pprof.growth', function(calls)
    vim.cmd('PprofGrowth')
    H.wait(H.timeout, function()
      return calls[1] and calls[1].done
    end, 'pprof.growth answered')
  end)
  local err = calls[1].err
  H.ok(err and vim.startswith(err.message, 'no timeline: '), 'a "no timeline: …" error: ' .. vim.inspect(err))
  H.wait(H.timeout, function()
    for _, n in ipairs(notes) do
      if n.msg == 'pprof: ' .. err.message and n.level == vim.log.levels.ERROR then
        return true
      end
    end
  end, 'the error "' .. err.message .. '" said as it is')
  -- over one file :PprofCompare without a path stops comparing, as before
  local cleared = spy_command('pprof.clearBase', function(c)
    vim.cmd('PprofCompare')
    H.wait(H.timeout, function()
      return c[1] and c[1].done
    end, 'pprof.clearBase')
  end)
  H.eq(1, #cleared, 'clearBase sent')
  vim.cmd('PprofUseSettings')
end)

H.run()
