-- Inlay hints on src/cache/cache.go show heap-2's inuse_space flat/cum per line.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

H.test('inlay hints show the inuse_space numbers of the hot lines', function()
  -- The server's default minShare (0.5%): every cache.go line of the golden
  -- report is far above it (43.83%, 23.56%, 7.11% flat), so all show.
  H.setup({ minShare = 0.5 })
  local buf = H.open('src/cache/cache.go')
  local golden, total = H.golden_lines('heap-2.inuse_space.lines.txt', '/cache/cache.go')
  for line, v in pairs(golden) do
    H.ok(v.flat / total >= 0.005, 'golden cache.go:' .. line .. ' is above minShare')
  end
  -- The issue's numbers, as a check of the golden parsing itself.
  H.eq({ flat = 1574976, cum = 4505520 }, golden[23], 'golden cache.go:23')
  H.eq(2930544, golden[43].flat, 'golden cache.go:43 flat')
  H.eq('1.50 MB flat · 4.30 MB cum', H.hint_text(golden[23].flat, golden[23].cum), 'formatting of line 23')

  local want = {}
  for line, v in pairs(golden) do
    want[line] = H.hint_text(v.flat, v.cum)
  end
  local got = H.wait_hints(buf, want, 'cache.go inuse_space')
  for line, text in pairs(got) do
    H.ok(want[line], string.format('unexpected hint on cache.go:%d: %q', line, text))
  end
  H.ok(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), 'inlay hints enabled on attach')
  -- And drawn: the virtual text at the end of each hot line.
  local shown = H.shown_hints(buf, vim.tbl_keys(want))
  for line, text in pairs(want) do
    H.eq(text, shown[line], 'hint drawn on cache.go:' .. line)
  end
end)

H.test('a line without samples has no hint', function()
  local buf = vim.api.nvim_get_current_buf()
  local hints = H.hints(buf)
  H.ok(next(hints) ~= nil, 'the buffer has hints at all')
  H.ok(hints[H.func_line(buf, 'func (c *Cache) Len() int')] == nil, 'no hint on Len')
  H.ok(hints[3] == nil, 'no hint on the package line')
end)

H.run()
