-- pprof.nvim: the Neovim side of pprof-lsp.
--
-- The server does the work and writes every text (numbers, names, sentences);
-- the plugin adds what a plain LSP client lacks. Its modules:
--   config    options, and whether hints and lenses are shown
--   client    the pprof-lsp client of a buffer; running server commands
--   status    the server's Status: statusline, :PprofStatus, snapshots
--   commands  the :Pprof* commands, the `pprof.showCallers` lens command
--   lists     quickfix lists and pickers of the server's rows
--   attach    what happens in a buffer pprof-lsp attaches to
--   handlers  pprof/status and the refresh requests
--   compat    Neovim 0.11 vs 0.12 (code lenses, inlay hint refresh)
-- This module is what users call (see :help pprof-api).
local attach = require('pprof.attach')
local client = require('pprof.client')
local commands = require('pprof.commands')
local config = require('pprof.config')
local status = require('pprof.status')

local M = {}

-- The keys of opts that are fields of the LSP config itself.
local LSP_CONFIG_KEYS = { 'root_dir', 'root_markers', 'filetypes', 'capabilities', 'on_attach', 'cmd_env', 'workspace_folders' }

--- Configures and enables pprof-lsp.
---@param opts? pprof.Opts
function M.setup(opts)
  opts = opts or {}
  config.set(opts)
  commands.define()
  attach.define_autocmds()

  local lsp_config = {}
  if opts.cmd then
    lsp_config.cmd = opts.cmd
  end
  if opts.settings then
    lsp_config.init_options = opts.settings
    lsp_config.settings = { pprof = opts.settings }
  end
  for _, key in ipairs(LSP_CONFIG_KEYS) do
    if opts[key] ~= nil then
      lsp_config[key] = opts[key]
    end
  end
  if next(lsp_config) then
    vim.lsp.config(config.client_name, lsp_config)
  end
  if config.opts.enable ~= false then
    vim.lsp.enable(config.client_name)
  end
end

--- Changes settings at run time: merges them into the client config and
--- sends workspace/didChangeConfiguration to running clients.
---@param settings table
function M.set_settings(settings)
  for _, c in ipairs(vim.lsp.get_clients({ name = config.client_name })) do
    c.settings = vim.tbl_deep_extend('force', c.settings or {}, { pprof = settings })
    c:notify('workspace/didChangeConfiguration', { settings = c.settings })
  end
  local current = (vim.lsp.config[config.client_name] or {}).settings or {}
  vim.lsp.config(config.client_name, { settings = vim.tbl_deep_extend('force', current, { pprof = settings }) })
end

M.statusline = status.statusline
M.exec = client.exec
M.load = commands.load
M.sample_type = commands.sample_type
M.compare = commands.compare
M.use_settings = commands.use_settings
M.top = commands.top
M.growth = commands.growth
M.callers = commands.callers
M.graph = commands.graph
M.series = commands.series
M.show_status = commands.show_status
M.toggle = commands.toggle

-- `status` (the last Status the server sent) is read live from the status
-- module: a copy here would go stale.
return setmetatable(M, {
  __index = function(_, key)
    if key == 'status' then
      return status.last
    end
  end,
})
