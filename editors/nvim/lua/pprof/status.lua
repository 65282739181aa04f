-- The server's Status (pprof/status notification and the answer of the
-- commands that change it), kept per client, and what the plugin shows of
-- it: the statusline component and :PprofStatus. All text is the server's.
local client = require('pprof.client')

local M = {}

--- The last Status any client sent.
---@type table|nil
M.last = nil
--- The last Status per client id.
---@type table<integer, table>
M.by_client = {}

---@param status any
---@param client_id integer
function M.store(status, client_id)
  if type(status) ~= 'table' then
    return
  end
  M.last = status
  M.by_client[client_id] = status
  client.status_arrived(client_id, status)
  pcall(vim.cmd, 'redrawstatus!')
  pcall(vim.api.nvim_exec_autocmds, 'User', { pattern = 'PprofStatus', modeline = false, data = status })
end

--- The Status of the current buffer's client, else the last one.
---@return table|nil
function M.current()
  local c = client.get()
  return c and M.by_client[c.id] or M.last
end

local function text(v)
  return type(v) == 'string' and v or ''
end

--- The setting names a command chose over the user's settings, sorted.
---@param status table
---@return string[]
local function overridden(status)
  local keys = type(status.overrides) == 'table' and vim.tbl_keys(status.overrides) or {}
  table.sort(keys)
  return keys
end

--- The statusline component: the server's short title, e.g.
--- "heap-2.pb.gz · inuse_space · 6.38 MB". Empty until a status came.
---@return string
function M.statusline()
  local status = M.current()
  return status and text(status.title) or ''
end

--- What :PprofStatus shows: the server's message, its details, and when a
--- command chose something over the settings, how to go back to them.
---@param status table
---@return string[]
function M.lines(status)
  local lines = { text(status.message) }
  for _, detail in ipairs(type(status.details) == 'table' and status.details or {}) do
    lines[#lines + 1] = '  ' .. text(detail)
  end
  local chosen = overridden(status)
  if #chosen > 0 then
    lines[#lines + 1] = string.format(
      '  Chosen by command over your settings: %s (:PprofUseSettings goes back to them).',
      table.concat(chosen, ', ')
    )
  end
  return lines
end

return M
