-- Numbers follow the code while it is edited: lines inserted above Put move
-- its hints and lens down with it (Neovim sends incremental changes), and
-- a deleted line's hint goes with it.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

--- The hint texts of a buffer with the code of their lines.
local function hints_on_code(buf)
  local out = {}
  for line, text in pairs(H.hints(buf)) do
    out[vim.trim(vim.api.nvim_buf_get_lines(buf, line - 1, line, false)[1] or '')] = text
  end
  return out
end

H.test('lines inserted above a function move its hints and lens with its code', function()
  H.setup({ minShare = 0 })
  local buf = H.open('src/cache/cache.go')
  local golden = H.golden_lines('heap-2.inuse_space.lines.txt', '/cache/cache.go')
  local want = H.hint_text(golden[23].flat, golden[23].cum)
  H.wait_hints(buf, { [23] = want }, 'cache.go as the profile has it')
  local before = hints_on_code(buf)
  local put = H.func_line(buf, 'func (c *Cache) Put(')

  vim.api.nvim_buf_set_lines(buf, put - 2, put - 2, false, { '// one', '// two', '// three' })
  H.wait_hints(buf, { [26] = want }, 'the hint of line 23, three lines lower')
  H.eq(before, hints_on_code(buf), 'every hint on the same code as before')
  vim.lsp.codelens.refresh({ bufnr = buf })
  H.wait(H.timeout, function()
    for _, l in ipairs(H.lenses(buf)) do
      if l.range.start.line + 1 == put + 3 and l.command then
        return true
      end
    end
  end, "Put's lens on its declaration, now line " .. (put + 3))

  -- The hot line itself deleted: its hint goes, the others stay on their
  -- code (waited for: until the client asks again, it shows the old
  -- answer on the moved lines).
  vim.api.nvim_buf_set_lines(buf, 25, 26, false, {})
  local expected = vim.deepcopy(before)
  expected['c.items[key] = clone(body)'] = nil
  local now
  H.wait(H.timeout, function()
    now = hints_on_code(buf)
    return vim.deep_equal(now, expected)
  end, 'the hints of the other lines on their code, none for the deleted line')
end)

H.run()
