-- :checkhealth pprof
local M = {}

function M.check()
  local h = vim.health
  h.start('pprof-lsp')
  if vim.fn.has('nvim-0.11') == 1 then
    h.ok('Neovim ' .. tostring(vim.version()))
  else
    h.error('Neovim 0.11 or newer is needed')
  end
  local config = require('pprof.config')
  local cfg = vim.lsp.config[config.client_name]
  local cmd = cfg and cfg.cmd
  if type(cmd) == 'table' and cmd[1] then
    if vim.fn.executable(cmd[1]) == 1 then
      h.ok('server: ' .. table.concat(cmd, ' ') .. ' (' .. vim.fn.exepath(cmd[1]) .. ')')
    else
      h.error('server not found: ' .. cmd[1], {
        'build it: cargo install --path server (in the pprof-lsp repository)',
        "or set cmd: require('pprof').setup({ cmd = { '/path/to/pprof-lsp' } })",
      })
    end
  else
    h.warn('no pprof_lsp config found on runtimepath (lsp/pprof_lsp.lua)')
  end
  if vim.lsp.is_enabled and not vim.lsp.is_enabled(config.client_name) then
    h.warn("pprof_lsp is not enabled: call require('pprof').setup() or vim.lsp.enable('pprof_lsp')")
  end
  local clients = vim.lsp.get_clients({ name = config.client_name })
  if #clients == 0 then
    h.info('no pprof-lsp client running (open a source file of a workspace)')
  end
  local status = require('pprof.status')
  for _, c in ipairs(clients) do
    local s = status.by_client[c.id]
    h.info(string.format('client %d, root %s: %s', c.id, c.root_dir or '?', s and table.concat(status.lines(s), '\n') or 'no status yet'))
    local patterns = vim.tbl_get(c.server_capabilities or {}, 'experimental', 'pprof', 'profilePatterns')
    if type(patterns) == 'table' then
      h.info(':PprofLoad completes ' .. table.concat(patterns, ' '))
    else
      h.info('the server names no profile patterns: :PprofLoad completes any file')
    end
  end
  local compat = require('pprof.compat')
  h.info('code lenses: ' .. (compat.has_codelens_enable and 'vim.lsp.codelens.enable (0.12+)' or 'vim.lsp.codelens.refresh (0.11)'))
  if vim.o.winborder ~= '' then
    h.info("hover: 'winborder' (" .. vim.o.winborder .. ') gives it a border')
  elseif config.opts.hover_border == false then
    h.info('hover: no border (hover_border = false)')
  else
    h.info('hover: K opens it with the border ' .. vim.inspect(config.opts.hover_border))
  end
end

return M
