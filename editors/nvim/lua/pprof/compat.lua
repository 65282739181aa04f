-- What Neovim 0.11 and 0.12 do differently with code lenses and inlay
-- hints. Everything else in the plugin is the same on both.
local client = require('pprof.client')
local config = require('pprof.config')

local M = {}

--- Neovim 0.12 replaces vim.lsp.codelens.refresh() with enable(), refreshes
--- lenses by itself and handles workspace/codeLens/refresh.
M.has_codelens_enable = type(vim.lsp.codelens.enable) == 'function'

-- Some 0.12 builds refuse a filter with both bufnr and client_id: then the
-- whole buffer's lenses.
local function codelens_enable(on, bufnr, client_id)
  if not pcall(vim.lsp.codelens.enable, on, { bufnr = bufnr, client_id = client_id }) then
    vim.lsp.codelens.enable(on, { bufnr = bufnr })
  end
end

--- Shows (on 0.11: fetches again) or hides a client's lenses in a buffer.
---@param bufnr integer
---@param c vim.lsp.Client
---@param on boolean
function M.show_codelens(bufnr, c, on)
  if M.has_codelens_enable then
    codelens_enable(on, bufnr, c.id)
  elseif on then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  else
    vim.lsp.codelens.clear(c.id, bufnr)
  end
end

--- Re-requests a buffer's lenses (0.11) or makes sure they are on (0.12),
--- unless they are hidden.
---@param bufnr integer
function M.refresh_codelens(bufnr)
  if not config.lenses_shown() or not vim.api.nvim_buf_is_loaded(bufnr) then
    return
  end
  local c = client.attached(bufnr)
  if c then
    M.show_codelens(bufnr, c, true)
  end
end

-- Neovim 0.11's own workspace/inlayHint/refresh forgets which lines it
-- drew, then asks again; a redraw in between (the lenses and statusline
-- redraw right then, on pprof/status) marks the lines drawn with the old
-- hints, and the new ones, of the same buffer version, are never drawn.
-- So this handler fetches the new hints first and stores them, then lets
-- Neovim refresh: whatever it draws in between is already the new hints.
local function inlay_hint_refresh(err, result, ctx)
  local c = vim.lsp.get_client_by_id(ctx.client_id)
  if err or not c then
    return vim.lsp.inlay_hint.on_refresh(err, result, ctx)
  end
  local pending = 0
  local function done()
    pending = pending - 1
    if pending <= 0 then
      vim.lsp.inlay_hint.on_refresh(nil, nil, ctx)
    end
  end
  for buf in pairs(c.attached_buffers) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.lsp.inlay_hint.is_enabled({ bufnr = buf }) then
      pending = pending + 1
      local params = {
        textDocument = vim.lsp.util.make_text_document_params(buf),
        range = {
          start = { line = 0, character = 0 },
          ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 },
        },
      }
      local sent = c:request('textDocument/inlayHint', params, function(e, res, rctx)
        if not e then
          pcall(vim.lsp.handlers['textDocument/inlayHint'], e, res, rctx)
        end
        done()
      end, buf)
      if not sent then
        done()
      end
    end
  end
  if pending == 0 then
    return vim.lsp.inlay_hint.on_refresh(nil, nil, ctx)
  end
  return vim.NIL
end

--- The workspace/inlayHint/refresh handler Neovim 0.11 needs; nil elsewhere.
M.inlay_hint_refresh = (type(vim.lsp.inlay_hint.on_refresh) == 'function' and vim.fn.has('nvim-0.12') == 0)
    and inlay_hint_refresh
  or nil

return M
