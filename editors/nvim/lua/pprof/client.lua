-- Finding the pprof-lsp client of a buffer and running the server's
-- commands (workspace/executeCommand). A command given while the server is
-- still reading its first profile (just after opening a file) waits for
-- the status that ends that load, then runs again.
local config = require('pprof.config')
local notify = require('pprof.notify')

local M = {}

-- The error and the status message of a server that has not finished its
-- first load (docs/server-interface.md).
local NOT_LOADED = 'no profile loaded yet'

---@param client? vim.lsp.Client
function M.is_pprof(client)
  return client ~= nil and client.name == config.client_name
end

--- The pprof-lsp client attached to a buffer, if any.
---@param bufnr integer
---@return vim.lsp.Client|nil
function M.attached(bufnr)
  return vim.lsp.get_clients({ name = config.client_name, bufnr = bufnr })[1]
end

--- The pprof-lsp client of a buffer, else any running one: the profile's
--- commands do not depend on the file.
---@param bufnr? integer
---@return vim.lsp.Client|nil
function M.get(bufnr)
  return M.attached(bufnr or vim.api.nvim_get_current_buf()) or vim.lsp.get_clients({ name = config.client_name })[1]
end

--- The loaded buffers of all pprof-lsp clients, as { buf, client } pairs.
---@return { buf: integer, client: vim.lsp.Client }[]
function M.attached_buffers()
  local out = {}
  for _, client in ipairs(vim.lsp.get_clients({ name = config.client_name })) do
    for buf in pairs(client.attached_buffers) do
      if vim.api.nvim_buf_is_loaded(buf) then
        out[#out + 1] = { buf = buf, client = client }
      end
    end
  end
  return out
end

-- Per client id: true once a status reported a loaded profile, or the
-- message of a status that reported why there is none; nil while the first
-- load is under way (a status without a profile that says `loading`, or
-- "no profile loaded yet").
local load_outcome = {}
-- Per client id: functions waiting for load_outcome.
local waiting = {}

--- Learns from each Status of a client whether its first load has ended.
---@param client_id integer
---@param status table
function M.status_arrived(client_id, status)
  local loaded = status.profile ~= nil and status.profile ~= vim.NIL
  local message = type(status.message) == 'string' and status.message or ''
  if not loaded and (status.loading == true or message:find(NOT_LOADED, 1, true)) then
    return
  end
  load_outcome[client_id] = loaded or message
  local queued = waiting[client_id] or {}
  waiting[client_id] = nil
  for _, fn in ipairs(queued) do
    vim.schedule(function()
      fn(load_outcome[client_id])
    end)
  end
end

-- The status that ends the load may already have come (it can overtake the
-- answer to the command): then at once.
local function after_first_load(client_id, fn)
  if load_outcome[client_id] ~= nil then
    vim.schedule(function()
      fn(load_outcome[client_id])
    end)
    return
  end
  waiting[client_id] = waiting[client_id] or {}
  table.insert(waiting[client_id], fn)
end

--- Runs a server command on a given client and calls on_result(result, client).
--- Errors are the server's sentences, shown as they are.
---@param client vim.lsp.Client
---@param bufnr integer
---@param command string
---@param arguments? any[]
---@param on_result? fun(result: any, client: vim.lsp.Client)
function M.run(client, bufnr, command, arguments, on_result)
  local function send(may_wait)
    client:request('workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
      if not err then
        if on_result then
          on_result(result, client)
        end
        return
      end
      local message = err.message or vim.inspect(err)
      if may_wait and message:find(NOT_LOADED, 1, true) then
        notify('waiting for the profile to load…')
        after_first_load(client.id, function(outcome)
          if outcome == true then
            send(false)
          else
            notify(outcome, vim.log.levels.ERROR)
          end
        end)
        return
      end
      notify(message, vim.log.levels.ERROR)
    end, bufnr)
  end
  send(true)
end

--- Runs a server command on the pprof-lsp client of a buffer (default: the
--- current one) and calls on_result(result, client).
---@param command string
---@param arguments? any[]
---@param on_result? fun(result: any, client: vim.lsp.Client)
---@param bufnr? integer
function M.exec(command, arguments, on_result, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = M.get(bufnr)
  if not client then
    notify('pprof-lsp is not running: open a source file in a workspace first', vim.log.levels.WARN)
    return
  end
  M.run(client, bufnr, command, arguments, on_result)
end

return M
