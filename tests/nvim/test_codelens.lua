-- The code lens over `func (c *Cache) Put` shows (*Cache).Put's flat and cum,
-- and running it puts the callers into the quickfix list.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local PUT = 'example.com/leakyfeed/cache.(*Cache).Put'

local function share_pattern(s)
  -- "(30.66%)": the share, any precision; returned as a number
  return tonumber(s:match('%(([%d.]+)%%%)'))
end

H.test('code lens over func (c *Cache) Put', function()
  H.setup()
  local buf = H.open('src/cache/cache.go')
  local funcs, _, total = H.golden_functions('heap-2.inuse_space.functions.txt')
  local put = assert(funcs[PUT], 'golden has ' .. PUT)
  H.eq({ 2050112, 4980656 }, { put.flat, put.cum }, 'golden (*Cache).Put')
  local decl = H.func_line(buf, 'func (c *Cache) Put(')

  local lens
  H.wait(H.timeout, function()
    for _, l in ipairs(H.lenses(buf)) do
      if l.range.start.line + 1 == decl and l.command then
        lens = l
        return true
      end
    end
  end, 'a code lens on cache.go:' .. decl)
  local title = lens.command.title
  local flat_s = H.fmt_bytes(put.flat) .. ' flat ('
  local cum_s = H.fmt_bytes(put.cum) .. ' cum ('
  H.ok(vim.startswith(title, 'pprof: ' .. flat_s), 'lens title starts with "pprof: ' .. flat_s .. '": ' .. title)
  H.ok(title:find(' · ' .. cum_s, 1, true), 'lens title has "· ' .. cum_s .. '": ' .. title)
  local flat_pct = share_pattern(title)
  local cum_pct = share_pattern(title:sub((title:find(' · ', 1, true))))
  H.ok(flat_pct and math.abs(flat_pct - 100 * put.flat / total) < 0.01, 'flat % in ' .. title)
  H.ok(cum_pct and math.abs(cum_pct - 100 * put.cum / total) < 0.01, 'cum % in ' .. title)
  H.eq('pprof.showCallers', lens.command.command, 'lens command')
  H.eq(PUT, lens.command.arguments[1]['function'], 'lens argument')

  H.wait_lens_on_screen(buf, decl, title)
end)

H.test('running the lens (and :PprofCallers) fills the quickfix list with callers', function()
  local buf = vim.api.nvim_get_current_buf()
  local decl = H.func_line(buf, 'func (c *Cache) Put(')
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.api.nvim_win_set_cursor(0, { decl, 0 })
  vim.lsp.codelens.run()
  H.wait(H.timeout, function()
    return vim.fn.getqflist({ title = 0 }).title:find('pprof callers', 1, true) ~= nil
  end, 'quickfix list from the lens')
  local qf = vim.fn.getqflist({ title = 0, items = 0 })
  H.ok(qf.title:find(PUT, 1, true), 'title names Put: ' .. qf.title)
  H.ok(#qf.items > 0, 'callers listed')
  local texts = vim.tbl_map(function(i)
    return i.text
  end, qf.items)
  -- Put is called from main.serve (golden traces: Put <- main.serve <- main.main).
  local joined = table.concat(texts, '\n')
  local caller_serve = false
  for _, t in ipairs(texts) do
    if vim.startswith(t, 'caller') and t:find('main.serve', 1, true) then
      caller_serve = true
    end
  end
  H.ok(caller_serve, 'main.serve is a caller of Put:\n' .. joined)
  H.ok(joined:find('main.main → main.serve → ' .. PUT, 1, true) or joined:find('main.serve → ' .. PUT, 1, true),
    'a call chain through main.serve:\n' .. joined)

  -- :PprofCallers on a line inside Put's body gives the same list.
  vim.cmd('cclose')
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.api.nvim_win_set_cursor(0, { decl + 3, 0 })
  vim.cmd('PprofCallers')
  H.wait(H.timeout, function()
    return vim.fn.getqflist({ title = 0 }).title:find('pprof callers', 1, true) ~= nil
  end, 'quickfix list from :PprofCallers')
  H.ok(vim.fn.getqflist({ title = 0 }).title:find(PUT, 1, true), ':PprofCallers picked Put')
end)

H.run()
