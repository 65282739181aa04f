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
  local cfg = vim.lsp.config.pprof_lsp
  local cmd = cfg and cfg.cmd
  if type(cmd) == 'table' and cmd[1] then
    if vim.fn.executable(cmd[1]) == 1 then
      h.ok('server: ' .. table.concat(cmd, ' ') .. ' (' .. vim.fn.exepath(cmd[1]) .. ')')
    else
      h.error('server not found: ' .. cmd[1], { 'build it: cargo install --path server (in the pprof-lsp repository)', "or set cmd: require('pprof').setup({ cmd = { '/path/to/pprof-lsp' } })" })
    end
  else
    h.warn('no pprof_lsp config found on runtimepath (lsp/pprof_lsp.lua)')
  end
  if vim.lsp.is_enabled and not vim.lsp.is_enabled('pprof_lsp') then
    h.warn("pprof_lsp is not enabled: call require('pprof').setup() or vim.lsp.enable('pprof_lsp')")
  end
  local clients = vim.lsp.get_clients({ name = 'pprof_lsp' })
  if #clients == 0 then
    h.info('no pprof-lsp client running (open a source file of a workspace)')
  end
  local pprof = require('pprof')
  for _, c in ipairs(clients) do
    local s = pprof.status_by_client[c.id]
    h.info(string.format('client %d, root %s: %s', c.id, c.root_dir or '?', s and pprof.format_status(s) or 'no status yet'))
  end
  h.info('code lenses: ' .. (type(vim.lsp.codelens.enable) == 'function' and 'vim.lsp.codelens.enable (0.12+)' or 'vim.lsp.codelens.refresh (0.11)'))
end

return M
