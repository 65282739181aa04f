-- The client-side handlers of lsp/pprof_lsp.lua's config: the server's
-- pprof/status notification, and the refresh requests Neovim 0.11 lacks or
-- gets wrong.
local compat = require('pprof.compat')
local status = require('pprof.status')

local M = {}

local function refresh_lenses_of(c)
  for buf in pairs(c.attached_buffers) do
    compat.refresh_codelens(buf)
  end
end

---@return table<string, function>
function M.all()
  -- Deferred: the lens requests go out once this message is handled.
  local function refresh_lenses_soon(client_id)
    vim.schedule(function()
      local c = vim.lsp.get_client_by_id(client_id)
      if c then
        refresh_lenses_of(c)
      end
    end)
  end
  local handlers = {
    ['pprof/status'] = function(_, result, ctx)
      status.store(result, ctx.client_id)
      -- The lenses' numbers changed with the profile (0.11 would not ask).
      refresh_lenses_soon(ctx.client_id)
    end,
    ['workspace/inlayHint/refresh'] = compat.inlay_hint_refresh,
  }
  if not compat.has_codelens_enable then
    handlers['workspace/codeLens/refresh'] = function(_, _, ctx)
      refresh_lenses_soon(ctx.client_id)
      return vim.NIL
    end
  end
  return handlers
end

return M
