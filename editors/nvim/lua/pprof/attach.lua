-- What the plugin does in a buffer pprof-lsp attaches to: inlay hints on,
-- lens refreshes where Neovim 0.11 does none, the keymaps, K with a
-- bordered hover, and the first status.
local client = require('pprof.client')
local compat = require('pprof.compat')
local config = require('pprof.config')
local status = require('pprof.status')

local M = {}

local KEYMAP_ACTIONS = {
  top = { '<cmd>PprofTop<cr>', 'pprof: top functions' },
  growth = { '<cmd>PprofGrowth<cr>', 'pprof: growth across the timeline' },
  callers = { '<cmd>PprofCallers<cr>', 'pprof: callers of this function' },
  graph = { '<cmd>PprofGraph<cr>', 'pprof: call graph around this function' },
  series = { '<cmd>PprofSeries<cr>', 'pprof: this function over the timeline' },
  sample_type = { '<cmd>PprofSampleType<cr>', 'pprof: sample type' },
  status = { '<cmd>PprofStatus<cr>', 'pprof: status' },
  toggle = { '<cmd>PprofToggle<cr>', 'pprof: toggle hints and lenses' },
  lens = {
    function()
      vim.lsp.codelens.run()
    end,
    'pprof: run the code lens of this line (callers)',
  },
}

--- Sets the buffer-local maps of opts.keymaps.
---@param bufnr integer
function M.set_keymaps(bufnr)
  local keymaps = config.opts.keymaps
  if not keymaps then
    return
  end
  local maps = vim.deepcopy(config.default_keymaps)
  if type(keymaps) == 'table' then
    maps = vim.tbl_extend('force', maps, keymaps)
  end
  for name, lhs in pairs(maps) do
    local action = KEYMAP_ACTIONS[name]
    if action and lhs then
      vim.keymap.set('n', lhs, action[1], { buffer = bufnr, desc = action[2] })
    end
  end
end

-- Neovim's own K of LSP buffers (vim.lsp._set_defaults), and ours.
local NEOVIM_HOVER_DESC = 'vim.lsp.buf.hover()'
local HOVER_DESC = 'vim.lsp.buf.hover() with a border (pprof)'

local function k_map(bufnr)
  return vim.api.nvim_buf_call(bufnr, function()
    return vim.fn.maparg('K', 'n', false, true)
  end)
end

--- Gives the hover float a border: Neovim's default float has none, and
--- the hover's call paths and callers run into the code around it. Only
--- Neovim's own K is replaced (a K of the user's stays), and not when
--- 'winborder' already gives every float a border.
---@param bufnr integer
function M.map_hover(bufnr)
  local border = config.opts.hover_border
  if border == false or vim.o.winborder ~= '' then
    return
  end
  local current = k_map(bufnr)
  if current.buffer ~= 1 or (current.desc ~= NEOVIM_HOVER_DESC and current.desc ~= HOVER_DESC) then
    return
  end
  vim.keymap.set('n', 'K', function()
    vim.lsp.buf.hover({ border = border })
  end, { buffer = bufnr, desc = HOVER_DESC })
end

-- When pprof-lsp leaves a buffer, its K goes back to Neovim's (while
-- another client can hover) or away, as Neovim's own would.
local function unmap_hover(bufnr, leaving_client_id)
  if k_map(bufnr).desc ~= HOVER_DESC then
    return
  end
  for _, c in ipairs(vim.lsp.get_clients({ bufnr = bufnr, method = 'textDocument/hover' })) do
    if c.id ~= leaving_client_id then
      vim.keymap.set('n', 'K', function()
        vim.lsp.buf.hover()
      end, { buffer = bufnr, desc = NEOVIM_HOVER_DESC })
      return
    end
  end
  vim.keymap.del('n', 'K', { buffer = bufnr })
end

local function lens_group(bufnr)
  return 'pprof_lens_' .. bufnr
end

local function on_attach(c, bufnr)
  if config.shown and config.opts.inlay_hints then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  end
  if config.opts.codelens then
    if not compat.has_codelens_enable then
      vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave' }, {
        group = vim.api.nvim_create_augroup(lens_group(bufnr), { clear = true }),
        buffer = bufnr,
        callback = function(ev)
          compat.refresh_codelens(ev.buf)
        end,
      })
    end
    compat.refresh_codelens(bufnr)
  end
  M.set_keymaps(bufnr)
  M.map_hover(bufnr)
  if not status.by_client[c.id] then
    c:request('workspace/executeCommand', { command = 'pprof.status' }, function(err, first)
      if not err then
        status.store(first, c.id)
      end
    end, bufnr)
  end
end

local defined = false

--- Defines the LspAttach and LspDetach hooks (idempotent).
function M.define_autocmds()
  if defined then
    return
  end
  defined = true
  local group = vim.api.nvim_create_augroup('pprof', { clear = true })
  vim.api.nvim_create_autocmd('LspAttach', {
    group = group,
    callback = function(ev)
      local c = vim.lsp.get_client_by_id(ev.data.client_id)
      if client.is_pprof(c) then
        on_attach(c, ev.buf)
      end
    end,
  })
  vim.api.nvim_create_autocmd('LspDetach', {
    group = group,
    callback = function(ev)
      if client.is_pprof(vim.lsp.get_client_by_id(ev.data.client_id)) then
        pcall(vim.api.nvim_del_augroup_by_name, lens_group(ev.buf))
        unmap_hover(ev.buf, ev.data.client_id)
      end
    end,
  })
end

return M
