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

H.test('running the lens (and :PprofCallers) fills the quickfix list with the server\'s callers', function()
  local buf = vim.api.nvim_get_current_buf()
  local decl = H.func_line(buf, 'func (c *Cache) Put(')
  local lens
  for _, l in ipairs(H.lenses(buf)) do
    if l.range.start.line + 1 == decl then
      lens = l
    end
  end
  -- What the server answers for the lens's own arguments (a FunctionRef).
  local callers = H.server_command(buf, 'pprof.showCallers', lens.command.arguments)
  H.eq(PUT, callers['function'], 'the server\'s callers are of Put')

  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.api.nvim_win_set_cursor(0, { decl, 0 })
  vim.lsp.codelens.run()
  local qf = H.wait_qf('pprof: ')
  H.eq('pprof: ' .. callers.title, qf.title, 'the list is titled with the server\'s title')
  local want_texts = {}
  for _, e in ipairs(callers.callers) do
    want_texts[#want_texts + 1] = 'caller  ' .. e.text .. '  ' .. e.shortName
  end
  for _, e in ipairs(callers.callees) do
    want_texts[#want_texts + 1] = 'callee  ' .. e.text .. '  ' .. e.shortName
  end
  for _, c in ipairs(callers.chains) do
    want_texts[#want_texts + 1] = 'chain  ' .. c.valueText .. '  ' .. c.text
  end
  local texts = vim.tbl_map(function(i)
    return i.text
  end, qf.items)
  H.eq(want_texts, texts, 'the items are the server\'s texts')

  -- pprof's call graph: Put is called from main.serve (golden traces:
  -- Put <- main.serve <- main.main), and a chain goes through it.
  local serve = vim.tbl_filter(function(e)
    return e['function'] == 'main.serve'
  end, callers.callers)[1]
  H.ok(serve, 'main.serve is a caller of Put: ' .. vim.inspect(vim.tbl_map(function(e)
    return e['function']
  end, callers.callers)))
  H.ok(vim.tbl_contains(texts, 'caller  ' .. serve.text .. '  ' .. serve.shortName), 'main.serve listed')
  local through_serve = false
  for _, c in ipairs(callers.chains) do
    for i = 2, #c.frames do
      through_serve = through_serve or (c.frames[i] == PUT and c.frames[i - 1] == 'main.serve')
    end
  end
  H.ok(through_serve, 'a call chain main.serve → Put: ' .. vim.inspect(callers.chains))

  -- :PprofCallers on a line inside Put's body (no lens there): the server
  -- finds the function from the cursor.
  vim.cmd('cclose')
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.api.nvim_win_set_cursor(0, { decl + 3, 0 })
  vim.cmd('PprofCallers')
  H.eq('pprof: ' .. callers.title, H.wait_qf('pprof: ').title, ':PprofCallers picked Put')
end)

H.run()
