-- pprof-lsp for Neovim: user commands and the client-side code lens handler.
-- The language server itself is enabled by `vim.lsp.enable('pprof_lsp')` or
-- `require('pprof').setup({...})`; see :help pprof.
if vim.g.loaded_pprof then
  return
end
vim.g.loaded_pprof = true

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify_once('pprof: Neovim 0.11 or newer is needed', vim.log.levels.WARN)
  return
end

require('pprof.commands').define()
require('pprof.attach').define_autocmds()
