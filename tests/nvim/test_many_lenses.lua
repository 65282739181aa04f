-- In a file with hundreds of profiled functions the server sends the lenses
-- untitled and Neovim titles them with codeLens/resolve: the user still sees
-- each function's numbers over its declaration, and :PprofCallers still
-- finds the function at the cursor (the server does, from the position).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

H.fixture = H.repo .. '/tests/fixtures/manyfuncs'
H.golden = H.fixture .. '/golden'

local HEAVIEST = 'example.com/bench/pkg00.Func0099'

H.test('300 lenses in one file are resolved and shown with their numbers', function()
  H.setup({ profile = 'profiles/heap.pb.gz', minShare = 0 })
  local buf = H.open('src/pkg00/file00.go')
  local funcs, _, total = H.golden_functions('heap.inuse_space.functions.txt')
  local heaviest = assert(funcs[HEAVIEST], 'golden has ' .. HEAVIEST)
  local decl = H.func_line(buf, 'func Func0099() {')

  local lenses
  H.wait(H.timeout, function()
    lenses = H.lenses(buf)
    if #lenses < 300 then
      return false
    end
    for _, l in ipairs(lenses) do
      if not l.command then
        return false
      end
    end
    return true
  end, '300 resolved lenses')
  local lens
  for _, l in ipairs(lenses) do
    if l.range.start.line + 1 == decl then
      lens = l
    end
  end
  assert(lens, 'a lens on line ' .. decl)
  local title = lens.command.title
  local want = string.format(
    'pprof: %s flat (%.2f%%) · %s cum (%.2f%%)',
    H.fmt_bytes(heaviest.flat),
    100 * heaviest.flat / total,
    H.fmt_bytes(heaviest.cum),
    100 * heaviest.cum / total
  )
  H.eq(want, title, 'the heaviest function\'s lens')
  H.eq(HEAVIEST, lens.command.arguments[1]['function'], 'lens argument')

  H.wait_lens_on_screen(buf, decl, title)
end)

H.test(':PprofCallers in the 300-function file lists the callers of the function at the cursor', function()
  local buf = vim.api.nvim_get_current_buf()
  local decl = H.func_line(buf, 'func Func0099() {')
  -- Its allocating line (golden: file00.go:3883), not the declaration: no lens there.
  vim.api.nvim_win_set_cursor(0, { decl + 2, 0 })
  local position = vim.lsp.util.make_position_params(0, 'utf-16')
  local callers = H.server_command(buf, 'pprof.showCallers', { { uri = position.textDocument.uri, position = position.position } })
  H.eq(HEAVIEST, callers['function'], 'the server\'s function at the cursor')
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  local warnings = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    if level and level >= vim.log.levels.WARN then
      warnings[#warnings + 1] = msg
    end
    return notify(msg, level)
  end
  vim.cmd('PprofCallers')
  local qf = H.wait_qf('pprof: ')
  vim.notify = notify
  H.eq('pprof: ' .. callers.title, qf.title, 'the callers of Func0099')
  H.ok(qf.title:find('Func0099', 1, true), 'the title names Func0099: ' .. qf.title)
  H.eq({}, warnings, 'no warning (such as "no profiled function")')
end)

H.run()
