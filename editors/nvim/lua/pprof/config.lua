-- The plugin's options, and whether hints and lenses are shown: the state
-- every other module reads.
local M = {}

--- The name of the LSP config (lsp/pprof_lsp.lua) and of its clients.
M.client_name = 'pprof_lsp'

---@class pprof.Opts
---@field cmd? string[] server command (default { 'pprof-lsp' })
---@field settings? table pprof-lsp settings (profile, keepSnapshots, pollSeconds, growthDiagnostics, ...), sent as they are as init_options and as settings.pprof
---@field keymaps? boolean|table<string,string|false> buffer-local maps on attach (default off)
---@field inlay_hints? boolean enable inlay hints on attach (default true)
---@field codelens? boolean show and refresh code lenses (default true)
---@field hover_border? string|string[]|false border of the hover float that K opens (default 'rounded')
---@field enable? boolean call vim.lsp.enable('pprof_lsp') (default true)
---@field callers_select? boolean running a lens picks with vim.ui.select instead of the quickfix window (default false)
---@field root_dir? string|fun(bufnr: integer, on_dir: fun(dir?: string))
---@field root_markers? string[]
---@field filetypes? string[]
---@field capabilities? table
---@field on_attach? fun(client: vim.lsp.Client, bufnr: integer)

M.defaults = {
  cmd = nil, -- keep lsp/pprof_lsp.lua's { 'pprof-lsp' } unless given
  settings = nil,
  keymaps = false,
  inlay_hints = true,
  codelens = true,
  hover_border = 'rounded',
  enable = true,
  callers_select = false,
}

--- The maps of `keymaps = true` (a table overrides them; false drops one).
M.default_keymaps = {
  top = '<leader>pt',
  growth = '<leader>pg',
  callers = '<leader>pc',
  graph = '<leader>pv',
  series = '<leader>pe',
  sample_type = '<leader>ps',
  status = '<leader>pi',
  toggle = '<leader>ph',
  lens = '<leader>pl',
}

---@type pprof.Opts
M.opts = vim.deepcopy(M.defaults)

--- False after :PprofToggle has hidden the hints and lenses.
M.shown = true

---@param opts? pprof.Opts
function M.set(opts)
  M.opts = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
end

function M.lenses_shown()
  return M.shown and M.opts.codelens
end

return M
