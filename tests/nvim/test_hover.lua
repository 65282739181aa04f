-- K over a profiled function opens the server's hover in a float with a
-- border, and the markdown reads as plain text (no tables).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local function float_windows()
  return vim.tbl_filter(function(win)
    return vim.api.nvim_win_get_config(win).relative ~= ''
  end, vim.api.nvim_list_wins())
end

local function k_desc(buf)
  return vim.api.nvim_buf_call(buf, function()
    return vim.fn.maparg('K', 'n', false, true).desc
  end)
end

H.test('K on func (c *Cache) Put opens the hover with a border', function()
  H.setup()
  local buf = H.open('src/cache/cache.go')
  H.wait_loaded('heap-2.pb.gz')
  local decl = H.func_line(buf, 'func (c *Cache) Put(')
  vim.api.nvim_win_set_cursor(0, { decl, 6 })
  local client = require('pprof.client').attached(buf)
  local res = client:request_sync('textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding), H.timeout, buf)
  local markdown = assert(res and res.result and res.result.contents, 'the server hovers Put').value
  for _, line in ipairs(vim.split(markdown, '\n')) do
    H.ok(not line:match('^%s*|'), 'no table in the hover markdown: ' .. line)
  end

  H.eq('vim.lsp.buf.hover() with a border (pprof)', k_desc(buf), 'K is the plugin\'s')
  vim.api.nvim_feedkeys('K', 'mx', false)
  local win
  H.wait(H.timeout, function()
    win = float_windows()[1]
    return win ~= nil
  end, 'the hover float')
  local border = vim.api.nvim_win_get_config(win).border
  H.ok(type(border) == 'table' and #border > 0 and border[1] ~= '', 'the float has a border: ' .. vim.inspect(border))
  local shown = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
  -- The first line of the server's markdown, as Neovim shows it (markdown
  -- marks concealed, not removed).
  local first = vim.split(markdown, '\n')[1]
  H.ok(shown:find(first, 1, true), 'the float shows the server\'s hover: ' .. shown)
  vim.api.nvim_win_close(win, true)
end)

H.test("'winborder' or hover_border = false leave K to Neovim", function()
  local buf = vim.api.nvim_get_current_buf()
  local attach = require('pprof.attach')
  local config = require('pprof.config')
  vim.keymap.set('n', 'K', function()
    vim.lsp.buf.hover()
  end, { buffer = buf, desc = 'vim.lsp.buf.hover()' })
  vim.o.winborder = 'single'
  attach.map_hover(buf)
  H.eq('vim.lsp.buf.hover()', k_desc(buf), "with 'winborder' Neovim's K stays")
  vim.o.winborder = ''
  config.opts.hover_border = false
  attach.map_hover(buf)
  H.eq('vim.lsp.buf.hover()', k_desc(buf), 'with hover_border = false Neovim\'s K stays')
  config.opts.hover_border = 'rounded'
  vim.keymap.set('n', 'K', '<cmd>echo "mine"<cr>', { buffer = buf, desc = 'my K' })
  attach.map_hover(buf)
  H.eq('my K', k_desc(buf), 'a K of the user\'s stays')
end)

H.run()
