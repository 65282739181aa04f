-- pprof-lsp: pprof profile numbers (flat/cum) as inlay hints and code lenses.
--
-- Used by `vim.lsp.enable('pprof_lsp')` (Neovim 0.11+). Override any field
-- with `vim.lsp.config('pprof_lsp', {...})` or `require('pprof').setup({...})`.
local pprof = require('pprof')
-- Commands, the code lens handler and the LspAttach hook (hints on, lens
-- refreshes), also when only vim.lsp.enable() is used. Both are idempotent.
pprof.define_commands()
pprof.define_autocmds()

---@type vim.lsp.Config
return {
  cmd = { 'pprof-lsp' },
  filetypes = { 'go', 'rust', 'c', 'cpp', 'python', 'javascript', 'typescript', 'java' },
  root_markers = { 'go.mod', 'Cargo.toml', 'package.json', '.git' },
  -- The same table is sent as initializationOptions and answered as the
  -- `pprof` section of workspace/configuration (see :help pprof-settings).
  init_options = {},
  settings = { pprof = {} },
  handlers = pprof.handlers(),
}
