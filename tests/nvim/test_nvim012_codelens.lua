-- Neovim 0.12 replaces vim.lsp.codelens.refresh() with vim.lsp.codelens.enable().
-- PyPI has no 0.12 build, so this runs 0.11.4 with an `enable` stand-in
-- installed before the plugin loads, and checks that the plugin takes the
-- 0.12 path: enable() per buffer on attach and on :PprofToggle, no refresh().
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local enable_calls, refresh_calls = {}, 0
vim.lsp.codelens.enable = function(on, filter)
  enable_calls[#enable_calls + 1] = { on = on, bufnr = filter and filter.bufnr, client_id = filter and filter.client_id }
end
vim.lsp.codelens.refresh = function()
  refresh_calls = refresh_calls + 1
end

H.test('0.12: lenses are enabled per buffer with vim.lsp.codelens.enable', function()
  H.setup()
  local buf = H.open('src/cache/cache.go')
  local client = require('pprof.client').attached(buf)
  H.wait(H.timeout, function()
    return #enable_calls > 0
  end, 'a vim.lsp.codelens.enable() call')
  H.eq({ on = true, bufnr = buf, client_id = client.id }, enable_calls[1], 'enable(true, {bufnr, client_id})')
  vim.cmd('doautocmd BufEnter')
  vim.cmd('doautocmd InsertLeave')
  H.eq(0, refresh_calls, 'no vim.lsp.codelens.refresh() on 0.12')
  H.eq(nil, vim.lsp.config.pprof_lsp.handlers['workspace/codeLens/refresh'], 'Neovim 0.12 handles codeLens/refresh itself')
end)

H.test('0.12: :PprofToggle disables and re-enables the lenses', function()
  local buf = vim.api.nvim_get_current_buf()
  enable_calls = {}
  vim.cmd('PprofToggle')
  H.eq(false, enable_calls[#enable_calls].on, 'enable(false) after the first toggle')
  H.eq(buf, enable_calls[#enable_calls].bufnr, 'for the buffer')
  vim.cmd('PprofToggle')
  H.eq(true, enable_calls[#enable_calls].on, 'enable(true) after the second toggle')
  H.eq(0, refresh_calls, 'still no refresh()')
end)

H.run()
