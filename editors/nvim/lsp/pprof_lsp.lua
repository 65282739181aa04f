-- pprof-lsp: pprof profile numbers (flat/cum) as inlay hints and code lenses.
--
-- Used by `vim.lsp.enable('pprof_lsp')` (Neovim 0.11+). Override any field
-- with `vim.lsp.config('pprof_lsp', {...})` or `require('pprof').setup({...})`.
local compat = require('pprof.compat')
-- Commands, the code lens handler and the LspAttach hook (hints on, lens
-- refreshes), also when only vim.lsp.enable() is used. Both are idempotent.
require('pprof.commands').define()
require('pprof.attach').define_autocmds()

---@type vim.lsp.Config
return {
  cmd = { 'pprof-lsp' },
  filetypes = { 'go', 'rust', 'c', 'cpp', 'python', 'javascript', 'typescript', 'java' },
  root_markers = { 'go.mod', 'Cargo.toml', 'package.json', '.git' },
  -- By root_markers, but for a file where the running server resolves files
  -- too (GOROOT, the module cache, …), opened by "go to definition": that
  -- server's, not a new one rooted there (GOROOT/src has a go.mod).
  root_dir = function(bufnr, on_dir)
    local file = vim.fs.normalize(vim.api.nvim_buf_get_name(bufnr))
    local markers = (vim.lsp.config.pprof_lsp or {}).root_markers
    on_dir(require('pprof.status').root_for_library_file(file) or vim.fs.root(bufnr, markers))
  end,
  -- Settings (see :help pprof-settings) go to both `init_options` and
  -- `settings.pprof`; require('pprof').setup({ settings = {...} }) does that.
  -- No default `settings` here: an empty `pprof` section would answer the
  -- server's workspace/configuration with {} and reset its init options.
  init_options = {},
  handlers = require('pprof.handlers').all(),
  -- Neovim 0.11 has no workspace/codeLens/refresh of its own: the handler
  -- above does it, so the server may send it.
  capabilities = not compat.has_codelens_enable and { workspace = { codeLens = { refreshSupport = true } } } or nil,
}
