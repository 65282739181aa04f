-- :PprofSampleType switches the numbers (inlay hints, lenses, statusline).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local function want_hints(name)
  return H.golden_hints(name, '/cache/cache.go')
end

H.test(':PprofSampleType alloc_space changes the hints to alloc_space', function()
  H.setup()
  local buf = H.open('src/cache/cache.go')
  H.wait_hints(buf, want_hints('heap-2.inuse_space.lines.txt'), 'inuse_space first')
  vim.cmd('PprofSampleType alloc_space')
  local want = want_hints('heap-2.alloc_space.lines.txt')
  H.eq('3 MB flat · 7.19 MB cum', want[23], 'alloc_space line 23 (trailing .00 trimmed)')
  local got = H.wait_hints(buf, want, 'cache.go alloc_space')
  for line, text in pairs(got) do
    H.ok(want[line], string.format('unexpected hint on cache.go:%d: %q', line, text))
  end
  -- Drawn, not only received (Neovim 0.11 can keep drawing the old ones
  -- after workspace/inlayHint/refresh; the plugin works around it).
  local shown = H.shown_hints(buf, vim.tbl_keys(want))
  for line, text in pairs(want) do
    H.eq(text, shown[line], 'alloc_space hint drawn on cache.go:' .. line)
  end
end)

H.test('the pprof/status notification feeds the statusline', function()
  local pprof = require('pprof')
  H.wait(H.timeout, function()
    return pprof.status and pprof.status.sampleType == 'alloc_space'
  end, 'a status with alloc_space')
  local sl = pprof.statusline()
  H.eq(pprof.status.title, sl, 'the statusline is the server\'s title')
  H.ok(sl:find('alloc_space', 1, true), 'statusline: ' .. sl)
  H.ok(vim.tbl_contains(pprof.status.sampleTypes, 'inuse_space'), 'sampleTypes lists inuse_space')
end)

H.test(':PprofSampleType with no argument offers the choices with vim.ui.select', function()
  local buf = vim.api.nvim_get_current_buf()
  local seen
  vim.ui.select = function(items, opts, on_choice)
    seen = { items = items, opts = opts }
    for i, it in ipairs(items) do
      if it.name == 'inuse_space' then
        return on_choice(it, i)
      end
    end
    on_choice(nil, nil)
  end
  vim.cmd('PprofSampleType')
  H.wait(H.timeout, function()
    return seen ~= nil
  end, 'vim.ui.select')
  local names = vim.tbl_map(function(c)
    return c.name
  end, seen.items)
  H.eq({ 'alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space' }, (function()
    table.sort(names)
    return names
  end)(), 'sample type choices')
  local current = vim.tbl_filter(function(c)
    return c.name == 'alloc_space'
  end, seen.items)[1]
  local shown = seen.opts.format_item(current)
  H.ok(vim.startswith(shown, '* alloc_space'), 'current marked: ' .. shown)
  H.ok(vim.endswith(shown, ' — ' .. current.description), 'the server\'s description: ' .. shown)
  H.wait_hints(buf, want_hints('heap-2.inuse_space.lines.txt'), 'back to inuse_space')
end)

H.run()
