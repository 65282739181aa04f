-- The server's Status (pprof/status notification and the answer of the
-- commands that change it), kept per client, and what the plugin shows of
-- it: the statusline component, :PprofStatus and the timeline's snapshots.
-- All text is the server's, but for the plugin's own "loading…" and the
-- headings around the server's texts.
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

--- The root folder of the running pprof-lsp whose status names a library
--- root (GOROOT, the module cache, …: `libraryRoots`) holding `file`.
---@param file string an absolute path
---@return string|nil
function M.root_for_library_file(file)
  for _, c in ipairs(vim.lsp.get_clients({ name = 'pprof_lsp' })) do
    local st = M.by_client[c.id]
    for _, root in ipairs(st and type(st.libraryRoots) == 'table' and st.libraryRoots or {}) do
      if c.root_dir and vim.startswith(file, root .. '/') then
        return c.root_dir
      end
    end
  end
  return nil
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

--- The snapshots of a Status' timeline, oldest first ({} when `profile` is
--- one file: the timeline is null).
---@param status? table
---@return table[]
function M.snapshots(status)
  local timeline = status and status.timeline
  if type(timeline) ~= 'table' or type(timeline.snapshots) ~= 'table' then
    return {}
  end
  return timeline.snapshots
end

--- A snapshot as the plugin shows it: the server's label, and its role
--- when it has one, e.g. "heap-3.pb.gz · 2026-12-02 01:02:03 UTC (shown)".
---@param snapshot table
---@return string
function M.snapshot_text(snapshot)
  local role = type(snapshot.role) == 'string' and (' (' .. snapshot.role .. ')') or ''
  return text(snapshot.label) .. role
end

local LOADING = 'loading…'

--- The statusline component: the server's short title, e.g.
--- "heap-2.pb.gz · inuse_space · 6.38 MB", with " · loading…" while a
--- load or a poll is under way. Empty until a status came.
---@return string
function M.statusline()
  local status = M.current()
  if not status then
    return ''
  end
  local title = text(status.title)
  if status.loading == true then
    return title == '' and LOADING or (title .. ' · ' .. LOADING)
  end
  return title
end

--- What :PprofStatus shows: the server's message ("loading…" under it
--- while a load or a poll is under way), its details, a timeline's
--- snapshots, and when a command chose something over the settings, how to
--- go back to them.
---@param status table
---@return string[]
function M.lines(status)
  local lines = { text(status.message) }
  if status.loading == true then
    lines[#lines + 1] = '  ' .. LOADING
  end
  for _, detail in ipairs(type(status.details) == 'table' and status.details or {}) do
    lines[#lines + 1] = '  ' .. text(detail)
  end
  local snapshots = M.snapshots(status)
  if #snapshots > 0 then
    lines[#lines + 1] = '  Snapshots of ' .. text(status.timeline.source) .. ', oldest first:'
    for _, snapshot in ipairs(snapshots) do
      lines[#lines + 1] = '    ' .. M.snapshot_text(snapshot)
    end
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
