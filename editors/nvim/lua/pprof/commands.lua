-- The :Pprof* commands and the client side of the `pprof.showCallers` code
-- lens command. Each runs one server command and shows its answer; the
-- messages are the server's status messages.
local client = require('pprof.client')
local compat = require('pprof.compat')
local config = require('pprof.config')
local graph = require('pprof.graph')
local lists = require('pprof.lists')
local notify = require('pprof.notify')
local status = require('pprof.status')

local M = {}

local function full_path(path)
  return vim.fn.fnamemodify(vim.fn.expand(path), ':p')
end

-- Runs a command whose answer is a Status and says what is shown now.
local function change_status(command, arguments)
  client.exec(command, arguments, function(new_status, c)
    status.store(new_status, c.id)
    if type(new_status) == 'table' and type(new_status.message) == 'string' then
      notify(new_status.message)
    end
  end)
end

--- :PprofLoad {path}
---@param path string
function M.load(path)
  if not path or path == '' then
    notify('usage: :PprofLoad {path}', vim.log.levels.WARN)
    return
  end
  change_status('pprof.load', { full_path(path) })
end

-- Runs `command` [name]; without a name, asks the server for its choices
-- ({current, choices}), offers them with vim.ui.select (the current one
-- marked `*`) and runs it with the one picked.
local function choose(command, name, pick)
  if name and name ~= '' then
    change_status(command, { name })
    return
  end
  client.exec(command, nil, function(res)
    local choices = res and res.choices or {}
    if #choices == 0 then
      notify(pick.none, vim.log.levels.WARN)
      return
    end
    vim.ui.select(choices, {
      prompt = pick.prompt,
      kind = pick.kind,
      format_item = function(choice)
        return (pick.name(choice) == res.current and '* ' or '  ') .. pick.describe(choice)
      end,
    }, function(choice)
      if choice then
        change_status(command, { pick.name(choice) })
      end
    end)
  end)
end

--- :PprofSampleType [name]  (no name: pick one with vim.ui.select)
---@param name? string
function M.sample_type(name)
  choose('pprof.selectSampleType', name, {
    none = 'the profile has no sample types',
    prompt = 'pprof sample type',
    kind = 'pprof_sample_type',
    name = function(choice)
      return choice.name
    end,
    describe = function(choice)
      local description = type(choice.description) == 'string' and choice.description ~= ''
          and (' — ' .. choice.description)
        or ''
      return choice.name .. ' (' .. tostring(choice.unit or '') .. ')' .. description
    end,
  })
end

--- :PprofService [name]  (the profile from a store; no name: pick one of
--- the store's services with vim.ui.select)
---@param name? string
function M.service(name)
  choose('pprof.selectService', name, {
    none = 'the store lists no services (service_name) in the window',
    prompt = 'pprof service',
    kind = 'pprof_service',
    name = function(choice)
      return choice
    end,
    describe = function(choice)
      return choice
    end,
  })
end

-- A path the current timeline names as one of its snapshots, as it is
-- (the server's own path: a poll's file in the cache), else nil.
local function snapshot_path(path)
  for _, snapshot in ipairs(status.snapshots(status.current())) do
    if snapshot.path == path then
      return path
    end
  end
  return nil
end

local function has_base(s)
  return s ~= nil and s.base ~= nil and s.base ~= vim.NIL
end

-- :PprofCompare without a path over a timeline: pick the base among its
-- snapshots (each the server's label, with its role), or stop comparing.
local function pick_snapshot(current, snapshots)
  local stop = { stop = true }
  local choices = vim.list_extend({}, snapshots)
  if has_base(current) then
    choices[#choices + 1] = stop
  end
  vim.ui.select(choices, {
    prompt = 'pprof: compare with the snapshot',
    kind = 'pprof_snapshot',
    format_item = function(choice)
      return choice == stop and 'no base: stop comparing' or status.snapshot_text(choice)
    end,
  }, function(choice)
    if choice == stop then
      change_status('pprof.clearBase', nil)
    elseif choice then
      change_status('pprof.compareWith', { choice.path })
    end
  end)
end

--- :PprofCompare [path [mode]]. No path: over a timeline, pick one of its
--- snapshots with vim.ui.select; else stop comparing.
---@param path? string
---@param mode? string `auto`, `diff_base` or `base`
function M.compare(path, mode)
  if not path or path == '' then
    local current = status.current()
    local snapshots = status.snapshots(current)
    if #snapshots > 0 then
      pick_snapshot(current, snapshots)
    else
      change_status('pprof.clearBase', nil)
    end
    return
  end
  local arguments = { snapshot_path(path) or full_path(path) }
  if mode and mode ~= '' then
    arguments[2] = mode
  end
  change_status('pprof.compareWith', arguments)
end

--- :PprofUseSettings: drops what the commands chose (profile, sample type,
--- base) and shows what the settings say again.
function M.use_settings()
  change_status('pprof.clearOverrides', nil)
end

--- Which code :PprofTop lists: 'all', or 'workspace' (your code only, as
--- pprof's -show with the workspace's files). :PprofScope switches it.
M.top_scope = 'all'

--- :[N]PprofTop[!] [query]
---@param opts? { limit?: integer, query?: string, select?: boolean }
function M.top(opts)
  opts = opts or {}
  local arg = { scope = M.top_scope }
  if opts.limit and opts.limit > 0 then
    arg.limit = opts.limit
  end
  if opts.query and opts.query ~= '' then
    arg.query = opts.query
  end
  client.exec('pprof.top', { arg }, function(top)
    lists.show_top(top, opts.select)
  end)
end

--- :PprofScope [all|workspace]: which code :PprofTop lists (no argument:
--- the other one), then lists it.
---@param scope? string
function M.scope(scope)
  if scope == nil or scope == '' then
    scope = M.top_scope == 'all' and 'workspace' or 'all'
  end
  if scope ~= 'all' and scope ~= 'workspace' then
    notify('usage: :PprofScope [all|workspace]', vim.log.levels.WARN)
    return
  end
  M.top_scope = scope
  M.top({})
end

--- :[N]PprofGrowth[!]: each function's values across the timeline's
--- snapshots, steady growers first, into the quickfix list.
---@param opts? { limit?: integer, select?: boolean }
function M.growth(opts)
  opts = opts or {}
  local arguments = nil
  if opts.limit and opts.limit > 0 then
    arguments = { { limit = opts.limit } }
  end
  client.exec('pprof.growth', arguments, function(growth)
    lists.show_growth(growth, opts.select)
  end)
end

--- :PprofCallers[!] [function]: the callers of a function given by its full
--- name, else of the function at the cursor (the server finds it).
---@param name? string
---@param opts? { select?: boolean }
function M.callers(name, opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local function show(res)
    lists.show_callers(res, opts.select)
  end
  if name and name ~= '' then
    client.exec('pprof.showCallers', { { ['function'] = name } }, show, bufnr)
    return
  end
  local c = client.attached(bufnr)
  if not c then
    notify('pprof-lsp is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, c.offset_encoding)
  client.run(c, bufnr, 'pprof.showCallers', { { uri = params.textDocument.uri, position = params.position } }, show)
end

-- Runs commands about one function: `name` (its full name) if given, else
-- the function at the cursor; `extra` fields go with the argument. `run`
-- gets a function that sends a command with that argument.
local function about_function(name, extra, run)
  local bufnr = vim.api.nvim_get_current_buf()
  if name and name ~= '' then
    local argument = vim.tbl_extend('force', { ['function'] = name }, extra or {})
    run(function(command, on_result)
      client.exec(command, { argument }, on_result, bufnr)
    end)
    return
  end
  local c = client.attached(bufnr)
  if not c then
    notify('pprof-lsp is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, c.offset_encoding)
  local argument = vim.tbl_extend('force', { uri = params.textDocument.uri, position = params.position }, extra or {})
  run(function(command, on_result)
    client.run(c, bufnr, command, { argument }, on_result)
  end)
end

--- :[N]PprofGraph [function]: the call graph around a function (its full
--- name, else the one at the cursor), N levels of callers and callees
--- (default: the server's, 2), as a tree in a float.
---@param name? string
---@param depth? integer
function M.graph(name, depth)
  local extra = (depth and depth > 0) and { depth = depth } or nil
  about_function(name, extra, function(send)
    send('pprof.callGraph', function(result)
      send('pprof.explainGraph', function(words)
        graph.show_graph(result, words)
      end)
    end)
  end)
end

--- :PprofSeries [function]: a function's value in each snapshot of the
--- timeline, as a sparkline with values and times, in a float.
---@param name? string
function M.series(name)
  about_function(name, nil, function(send)
    send('pprof.series', graph.show_series)
  end)
end

--- The `pprof.showCallers` lens command: its arguments ([FunctionRef]) go--- The `pprof.showCallers` lens command: its arguments ([FunctionRef]) go
--- back to the server as they are.
---@param command lsp.Command
---@param ctx { client_id: integer, bufnr: integer }
function M.run_lens(command, ctx)
  local c = vim.lsp.get_client_by_id(ctx.client_id)
  if not c then
    return
  end
  client.run(c, ctx.bufnr, 'pprof.showCallers', command.arguments, function(res)
    lists.show_callers(res, config.opts.callers_select)
  end)
end

--- :PprofStatus: the server's message and details.
function M.show_status()
  client.exec('pprof.status', nil, function(new_status, c)
    status.store(new_status, c.id)
    local lines = status.lines(new_status)
    lines[1] = 'pprof: ' .. lines[1]
    vim.api.nvim_echo({ { table.concat(lines, '\n') } }, true, {})
  end)
end

--- :PprofToggle: the inlay hints of the attached buffers (Neovim keeps them
--- per buffer, for all servers) and pprof-lsp's code lenses.
---@param on? boolean
function M.toggle(on)
  if on == nil then
    on = not config.shown
  end
  config.shown = on
  for _, it in ipairs(client.attached_buffers()) do
    if config.opts.inlay_hints then
      vim.lsp.inlay_hint.enable(on, { bufnr = it.buf })
    end
    if config.opts.codelens then
      compat.show_codelens(it.buf, it.client, on)
    end
  end
  notify('hints and lenses ' .. (on and 'on' or 'off'))
end

-- ------------------------------------------------------------ completion

--- File names for a profile argument: folders and the files that match the
--- server's profile patterns (initialize result,
--- experimental.pprof.profilePatterns). Plain file completion when the
--- server gives none, or when no file here matches: the server also reads a
--- profile by its content, whatever its name.
---@param lead string
---@return string[]
function M.complete_profile(lead)
  local files = vim.fn.getcompletion(lead, 'file')
  local c = client.get()
  local patterns = c and vim.tbl_get(c.server_capabilities or {}, 'experimental', 'pprof', 'profilePatterns')
  if type(patterns) ~= 'table' or #patterns == 0 then
    return files
  end
  local globs = vim.tbl_map(vim.glob.to_lpeg, patterns)
  local function is_profile(file)
    local tail = vim.fn.fnamemodify(file, ':t')
    for _, glob in ipairs(globs) do
      if glob:match(tail) then
        return true
      end
    end
    return false
  end
  local folders_and_profiles, any_profile = {}, false
  for _, file in ipairs(files) do
    if vim.endswith(file, '/') then
      folders_and_profiles[#folders_and_profiles + 1] = file
    elseif is_profile(file) then
      any_profile = true
      folders_and_profiles[#folders_and_profiles + 1] = file
    end
  end
  return any_profile and folders_and_profiles or files
end

--- The paths of the last Status' timeline snapshots that start with `lead`,
--- or whose file name does (a poll's snapshots live in the server's cache).
---@param lead string
---@return string[]
function M.complete_snapshot(lead)
  local out = {}
  for _, snapshot in ipairs(status.snapshots(status.current())) do
    local path = type(snapshot.path) == 'string' and snapshot.path or ''
    if path ~= '' and (vim.startswith(path, lead) or vim.startswith(vim.fn.fnamemodify(path, ':t'), lead)) then
      out[#out + 1] = path
    end
  end
  return out
end

local function complete_compare(lead, cmdline, cursor)
  local after_name = (cmdline:sub(1, cursor):gsub('^%s*%S+', '', 1))
  local args_before = #vim.split(vim.trim(after_name), '%s+', { trimempty = true })
  local on_second = args_before >= 2 or (args_before == 1 and lead == '')
  if on_second then
    return vim.tbl_filter(function(mode)
      return vim.startswith(mode, lead)
    end, { 'auto', 'diff_base', 'base' })
  end
  local out = M.complete_snapshot(lead)
  for _, file in ipairs(M.complete_profile(lead)) do
    if not vim.tbl_contains(out, file) then
      out[#out + 1] = file
    end
  end
  return out
end

local function complete_sample_type(lead)
  local current = status.current()
  local names = current and type(current.sampleTypes) == 'table' and current.sampleTypes or {}
  return vim.tbl_filter(function(name)
    return vim.startswith(name, lead)
  end, names)
end

local defined = false

--- Defines the :Pprof* user commands and the client command of the code
--- lens (idempotent).
function M.define()
  vim.lsp.commands['pprof.showCallers'] = M.run_lens
  if defined then
    return
  end
  defined = true
  local cmd = vim.api.nvim_create_user_command
  cmd('PprofLoad', function(a)
    M.load(a.args)
  end, { nargs = 1, complete = M.complete_profile, desc = 'pprof: load a profile' })
  cmd('PprofSampleType', function(a)
    M.sample_type(a.args)
  end, { nargs = '?', complete = complete_sample_type, desc = 'pprof: choose the sample type' })
  cmd('PprofService', function(a)
    M.service(a.args)
  end, { nargs = '?', desc = "pprof: choose the store's service (service_name)" })
  cmd('PprofCompare', function(a)
    M.compare(a.fargs[1], a.fargs[2])
  end, {
    nargs = '*',
    complete = complete_compare,
    desc = 'pprof: compare with a base profile (no argument: pick a snapshot of the timeline, else stop)',
  })
  cmd('PprofUseSettings', function()
    M.use_settings()
  end, { nargs = 0, desc = 'pprof: back to the settings (drop what commands chose)' })
  cmd('PprofTop', function(a)
    M.top({ query = a.args, limit = a.count, select = a.bang })
  end, { nargs = '?', count = 0, bang = true, desc = 'pprof: top functions into the quickfix list' })
  cmd('PprofScope', function(a)
    M.scope(a.args)
  end, {
    nargs = '?',
    complete = function(lead)
      return vim.tbl_filter(function(name)
        return vim.startswith(name, lead)
      end, { 'all', 'workspace' })
    end,
    desc = 'pprof: :PprofTop lists all code or your code only (no argument: the other)',
  })
  cmd('PprofGrowth', function(a)
    M.growth({ limit = a.count, select = a.bang })
  end, { nargs = 0, count = 0, bang = true, desc = 'pprof: growth across the timeline into the quickfix list' })
  cmd('PprofCallers', function(a)
    M.callers(a.args, { select = a.bang })
  end, { nargs = '?', bang = true, desc = 'pprof: callers of the function at the cursor' })
  cmd('PprofGraph', function(a)
    M.graph(a.args, a.count)
  end, { nargs = '?', count = 0, desc = 'pprof: the call graph around the function at the cursor, in a float' })
  cmd('PprofSeries', function(a)
    M.series(a.args)
  end, { nargs = '?', desc = 'pprof: the function\'s series over the timeline, in a float' })
  cmd('PprofStatus', function()
    M.show_status()
  end, { nargs = 0, desc = 'pprof: show the loaded profile' })
  cmd('PprofToggle', function()
    M.toggle()
  end, { nargs = 0, desc = 'pprof: toggle inlay hints and code lenses' })
end

return M
