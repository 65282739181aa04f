-- pprof.nvim: the Neovim side of pprof-lsp.
--
-- The server does the work (reading the profile, mapping it onto the code,
-- inlay hints, code lenses). This module only adds what a plain LSP client
-- lacks: user commands for the server's workspace/executeCommand commands, a
-- client-side handler for the `pprof.showCallers` code lens, code lens
-- refreshes (Neovim 0.11 has no workspace/codeLens/refresh handler), the
-- `pprof/status` notification and a statusline component.
local M = {}

local NAME = 'pprof_lsp'

---@class pprof.Opts
---@field cmd? string[] server command (default { 'pprof-lsp' })
---@field settings? table pprof-lsp settings (sent as init_options and as settings.pprof)
---@field keymaps? boolean|table<string,string|false> buffer-local maps on attach (default off)
---@field inlay_hints? boolean enable inlay hints on attach (default true)
---@field codelens? boolean show and refresh code lenses (default true)
---@field enable? boolean call vim.lsp.enable('pprof_lsp') (default true)
---@field callers_select? boolean running a lens picks with vim.ui.select instead of the quickfix window (default false)
---@field root_dir? string|fun(bufnr: integer, on_dir: fun(dir?: string))
---@field root_markers? string[]
---@field filetypes? string[]
---@field capabilities? table
---@field on_attach? fun(client: vim.lsp.Client, bufnr: integer)

M.defaults = {
  cmd = nil, -- keep lsp/pprof_lsp.lua's { 'pprof-lsp' } unless given
  settings = nil,
  keymaps = false,
  inlay_hints = true,
  codelens = true,
  enable = true,
  callers_select = false,
}

--- Default maps used when `keymaps = true` (a table overrides them; false drops one).
M.default_keymaps = {
  top = '<leader>pt',
  callers = '<leader>pc',
  sample_type = '<leader>ps',
  status = '<leader>pi',
  toggle = '<leader>ph',
  lens = '<leader>pl',
}

M.opts = vim.deepcopy(M.defaults)

--- Hints and lenses shown (flipped by :PprofToggle).
M.enabled = true

--- The last Status the server sent (pprof/status) or answered, any client.
---@type table|nil
M.status = nil
--- Status per client id.
---@type table<integer, table>
M.status_by_client = {}

local has_codelens_enable = type(vim.lsp.codelens.enable) == 'function' -- Neovim 0.12+
M.has_codelens_enable = has_codelens_enable

-- ---------------------------------------------------------------- helpers

local function notify(msg, level)
  vim.notify('pprof: ' .. msg, level or vim.log.levels.INFO)
end

local function is_pprof(client)
  return client ~= nil and client.name == NAME
end

--- The pprof-lsp client for a buffer (or any running one).
---@param bufnr? integer
---@return vim.lsp.Client|nil
function M.client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local clients = vim.lsp.get_clients({ name = NAME, bufnr = bufnr })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = NAME })
  end
  return clients[1]
end

--- Buffers attached to pprof-lsp clients.
local function pprof_buffers()
  local bufs = {}
  for _, client in ipairs(vim.lsp.get_clients({ name = NAME })) do
    for buf in pairs(client.attached_buffers) do
      if vim.api.nvim_buf_is_loaded(buf) then
        bufs[#bufs + 1] = { buf = buf, client = client }
      end
    end
  end
  return bufs
end

local function pct(share)
  if type(share) ~= 'number' then
    return '?%'
  end
  return string.format('%.2f%%', share * 100)
end
M._pct = pct

--- Runs a server command (workspace/executeCommand) and calls cb(result).
---@param command string
---@param arguments? any[]
---@param cb? fun(result: any, client: vim.lsp.Client)
---@param bufnr? integer
-- Commands that came before the first profile was loaded, per client id:
-- run again on the pprof/status that reports a profile.
local waiting = {}

function M.exec(command, arguments, cb, bufnr, retried)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    notify('pprof-lsp is not running: open a source file in a workspace first', vim.log.levels.WARN)
    return
  end
  client:request('workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if err then
      local msg = err.message or vim.inspect(err)
      if not retried and msg:find('no profile loaded yet', 1, true) then
        -- Just opened: the server is still reading the profile.
        waiting[client.id] = waiting[client.id] or {}
        table.insert(waiting[client.id], function(ok, why)
          if ok then
            M.exec(command, arguments, cb, bufnr, true)
          else
            notify(command .. ': ' .. why, vim.log.levels.ERROR)
          end
        end)
        notify('waiting for the profile to load…')
        return
      end
      notify(command .. ': ' .. msg, vim.log.levels.ERROR)
      return
    end
    if cb then
      cb(result, client)
    end
  end, bufnr)
end

-- ---------------------------------------------------------------- lenses

--- Re-requests code lenses of a buffer (0.11) or makes sure they are on (0.12).
---@param bufnr integer
function M.refresh_codelens(bufnr)
  if not M.enabled or not M.opts.codelens then
    return
  end
  if not vim.api.nvim_buf_is_valid(bufnr) or not vim.api.nvim_buf_is_loaded(bufnr) then
    return
  end
  if has_codelens_enable then
    -- 0.12: lenses refresh themselves (and honour workspace/codeLens/refresh).
    local client = M.client(bufnr)
    if client then
      M._codelens_enable(true, bufnr, client.id)
    end
  else
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  end
end

local function refresh_all_lenses()
  for _, it in ipairs(pprof_buffers()) do
    M.refresh_codelens(it.buf)
  end
end

--- Neovim 0.12's vim.lsp.codelens.enable(); some 0.12 builds refuse a filter
--- with both bufnr and client_id: then the whole buffer's lenses.
function M._codelens_enable(on, bufnr, client_id)
  local ok = pcall(vim.lsp.codelens.enable, on, { bufnr = bufnr, client_id = client_id })
  if not ok then
    vim.lsp.codelens.enable(on, { bufnr = bufnr })
  end
end

local function set_lenses(bufnr, client, on)
  if has_codelens_enable then
    M._codelens_enable(on, bufnr, client.id)
  elseif on then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  else
    vim.lsp.codelens.clear(client.id, bufnr)
  end
end

-- ---------------------------------------------------------------- status

--- Formats a Status for :PprofStatus and messages.
---@param s table
---@return string
function M.format_status(s)
  if type(s) ~= 'table' then
    return 'no status'
  end
  local function has(v)
    return v ~= nil and v ~= vim.NIL and v ~= ''
  end
  local parts = {}
  local profile = has(s.profile) and vim.fn.fnamemodify(tostring(s.profile), ':~:.') or 'no profile'
  if not (has(s.message) and tostring(s.message):find(vim.fn.fnamemodify(profile, ':t'), 1, true)) then
    parts[#parts + 1] = profile
  end
  if has(s.message) then
    -- The server's own summary (sample type, total, files found).
    parts[#parts + 1] = tostring(s.message)
  else
    if has(s.sampleType) then
      parts[#parts + 1] = tostring(s.sampleType)
    end
    if has(s.totalLabel) then
      parts[#parts + 1] = 'total ' .. tostring(s.totalLabel)
    end
    if type(s.filesTotal) == 'number' then
      parts[#parts + 1] = string.format('%s/%s files found', s.filesResolved or 0, s.filesTotal)
    end
  end
  if has(s.base) then
    parts[#parts + 1] = string.format('base %s (%s)', vim.fn.fnamemodify(tostring(s.base), ':~:.'), s.baseMode or 'diff')
  end
  return table.concat(parts, ' · ')
end

local function store_status(status, client_id)
  if type(status) ~= 'table' then
    return
  end
  M.status = status
  if client_id then
    M.status_by_client[client_id] = status
    local loaded = status.profile ~= nil and status.profile ~= vim.NIL
    local message = type(status.message) == 'string' and status.message or ''
    if waiting[client_id] and (loaded or not message:find('no profile loaded yet', 1, true)) then
      local fns = waiting[client_id]
      waiting[client_id] = nil
      vim.schedule(function()
        for _, fn in ipairs(fns) do
          fn(loaded, message)
        end
      end)
    end
  end
  pcall(vim.cmd, 'redrawstatus!')
  pcall(vim.api.nvim_exec_autocmds, 'User', { pattern = 'PprofStatus', modeline = false, data = status })
end

--- A short statusline component, e.g. "pprof inuse_space 6.38 MB".
--- Empty when no pprof-lsp client has reported a status.
---@return string
function M.statusline()
  local s = M.status
  local client = M.client()
  if client and M.status_by_client[client.id] then
    s = M.status_by_client[client.id]
  end
  if type(s) ~= 'table' then
    return ''
  end
  if s.profile == nil or s.profile == vim.NIL then
    return 'pprof: no profile'
  end
  local out = 'pprof ' .. tostring(s.sampleType or '?')
  if s.totalLabel and s.totalLabel ~= vim.NIL then
    out = out .. ' ' .. tostring(s.totalLabel)
  end
  if s.base ~= nil and s.base ~= vim.NIL then
    out = out .. ' Δ'
  end
  return out
end

--- Handlers merged into the client config (lsp/pprof_lsp.lua).
---@return table<string, function>
function M.handlers()
  local h = {
    ['pprof/status'] = function(_, result, ctx)
      store_status(result, ctx and ctx.client_id)
      vim.schedule(refresh_all_lenses)
    end,
  }
  if type(vim.lsp.inlay_hint.on_refresh) == 'function' and vim.fn.has('nvim-0.12') == 0 then
    -- Neovim 0.11's own workspace/inlayHint/refresh forgets which lines it
    -- drew, then asks again; a redraw in between (the lenses and statusline
    -- redraw right then, on pprof/status) marks the lines drawn with the
    -- old hints, and the new ones, of the same buffer version, are never
    -- drawn. So fetch the new hints first and store them, then let Neovim
    -- refresh: whatever it draws in between is already the new hints.
    h['workspace/inlayHint/refresh'] = function(err, result, ctx)
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      if err or not client then
        return vim.lsp.inlay_hint.on_refresh(err, result, ctx)
      end
      local pending = 0
      local function done()
        pending = pending - 1
        if pending <= 0 then
          vim.lsp.inlay_hint.on_refresh(nil, nil, ctx)
        end
      end
      for buf in pairs(client.attached_buffers) do
        if vim.api.nvim_buf_is_loaded(buf) and vim.lsp.inlay_hint.is_enabled({ bufnr = buf }) then
          pending = pending + 1
          local params = {
            textDocument = vim.lsp.util.make_text_document_params(buf),
            range = {
              start = { line = 0, character = 0 },
              ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 },
            },
          }
          local ok = client:request('textDocument/inlayHint', params, function(e, res, rctx)
            if not e then
              pcall(vim.lsp.handlers['textDocument/inlayHint'], e, res, rctx)
            end
            done()
          end, buf)
          if not ok then
            done()
          end
        end
      end
      if pending == 0 then
        return vim.lsp.inlay_hint.on_refresh(nil, nil, ctx)
      end
      return vim.NIL
    end
  end
  if not has_codelens_enable then
    -- Neovim 0.11 has no default handler for this server request.
    h['workspace/codeLens/refresh'] = function(_, _, ctx)
      vim.schedule(function()
        local client = vim.lsp.get_client_by_id(ctx.client_id)
        if client then
          for buf in pairs(client.attached_buffers) do
            M.refresh_codelens(buf)
          end
        end
      end)
      return vim.NIL
    end
  end
  return h
end

-- ---------------------------------------------------------------- quickfix

local function location_item(loc)
  if type(loc) ~= 'table' or not loc.uri then
    return nil
  end
  local start = loc.range and loc.range.start or { line = 0, character = 0 }
  return {
    filename = vim.uri_to_fname(loc.uri),
    lnum = start.line + 1,
    col = start.character + 1,
  }
end

--- Quickfix items for a Top result, in the server's order.
---@param top table
---@return table[]
function M.top_items(top)
  local items = {}
  for _, row in ipairs(top.rows or {}) do
    local item = location_item(row.location)
    if not item then
      item = {}
      if type(row.file) == 'string' and row.file ~= '' then
        item.filename = row.file
        item.lnum = type(row.line) == 'number' and row.line or 0
      end
    end
    item.text = string.format(
      '%s flat (%s) · %s cum (%s)  %s',
      row.flatLabel or tostring(row.flat),
      pct(row.flatShare),
      row.cumLabel or tostring(row.cum),
      pct(row.cumShare),
      row['function'] or '?'
    )
    item.user_data = row
    items[#items + 1] = item
  end
  return items
end

--- Quickfix items for a Callers result: callers, callees, then call chains.
---@param res table
---@return table[]
function M.callers_items(res)
  local items = {}
  local function edge(kind, e)
    local item = location_item(e.location) or {}
    item.text = string.format('%s  %s (%s)  %s', kind, e.label or tostring(e.value), pct(e.share), e['function'] or '?')
    item.user_data = e
    items[#items + 1] = item
  end
  for _, e in ipairs(res.callers or {}) do
    edge('caller', e)
  end
  for _, e in ipairs(res.callees or {}) do
    edge('callee', e)
  end
  for _, c in ipairs(res.chains or {}) do
    items[#items + 1] = {
      text = string.format('chain   %s (%s)  %s', c.label or tostring(c.value), pct(c.share), table.concat(c.frames or {}, ' → ')),
      user_data = c,
    }
  end
  return items
end

--- 'quickfixtextfunc' of pprof's lists: "file:line  text" with the file's
--- tail only, so that the numbers and the function name fit.
function M.qf_text(info)
  local list = vim.fn.getqflist({ id = info.id, items = 0 })
  local out, locs, width = {}, {}, 0
  for i = info.start_idx, info.end_idx do
    local item = list.items[i]
    local loc = ''
    if item.bufnr > 0 then
      loc = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(item.bufnr), ':t')
      if item.lnum > 0 then
        loc = loc .. ':' .. item.lnum
      end
    end
    locs[#locs + 1] = loc
    width = math.max(width, vim.fn.strdisplaywidth(loc))
  end
  for n, i in ipairs(vim.fn.range(info.start_idx, info.end_idx)) do
    local loc = locs[n]
    out[#out + 1] = loc .. string.rep(' ', width - vim.fn.strdisplaywidth(loc)) .. '  ' .. list.items[i].text
  end
  return out
end

local function show_list(title, items, use_select)
  vim.fn.setqflist({}, ' ', { title = title, items = items, quickfixtextfunc = M.qf_text })
  if #items == 0 then
    notify(title .. ': nothing to show')
    return
  end
  if use_select then
    vim.ui.select(items, {
      prompt = title,
      kind = 'pprof',
      format_item = function(item)
        return item.text
      end,
    }, function(_, idx)
      if idx then
        vim.cmd('cc ' .. idx)
      end
    end)
  else
    vim.cmd('botright copen')
  end
end

-- ---------------------------------------------------------------- commands

--- :PprofLoad {path}
function M.load(path)
  if not path or path == '' then
    notify('usage: :PprofLoad {path}', vim.log.levels.WARN)
    return
  end
  local full = vim.fn.fnamemodify(vim.fn.expand(path), ':p')
  M.exec('pprof.load', { full }, function(status, client)
    store_status(status, client.id)
    notify('loaded ' .. M.format_status(status))
  end)
end

--- :PprofSampleType [name]
function M.sample_type(name)
  if name and name ~= '' then
    M.exec('pprof.selectSampleType', { name }, function(status, client)
      store_status(status, client.id)
      notify('sample type ' .. tostring(status and status.sampleType or name))
    end)
    return
  end
  M.exec('pprof.selectSampleType', nil, function(res)
    local choices = res and res.choices or {}
    if #choices == 0 then
      notify('the profile has no sample types', vim.log.levels.WARN)
      return
    end
    vim.ui.select(choices, {
      prompt = 'pprof sample type',
      kind = 'pprof_sample_type',
      format_item = function(c)
        local mark = (c.name == res.current) and '* ' or '  '
        local desc = (c.description and c.description ~= vim.NIL and c.description ~= '') and (' — ' .. c.description) or ''
        return string.format('%s%s (%s)%s', mark, c.name, c.unit or '', desc)
      end,
    }, function(choice)
      if choice then
        M.sample_type(choice.name)
      end
    end)
  end)
end

--- :PprofCompare [path [mode]]  (no path: stop comparing)
function M.compare(path, mode)
  local args
  if not path or path == '' then
    args = { vim.NIL }
  else
    args = { vim.fn.fnamemodify(vim.fn.expand(path), ':p') }
    if mode and mode ~= '' then
      args[2] = mode
    end
  end
  M.exec('pprof.compare', args, function(status, client)
    store_status(status, client.id)
    if args[1] == vim.NIL then
      notify('comparison cleared · ' .. M.format_status(status))
    else
      notify('comparing · ' .. M.format_status(status))
    end
  end)
end

--- :PprofTop [query]  (a count is the row limit; ! picks with vim.ui.select)
function M.top(opts)
  opts = opts or {}
  local arg = {}
  if opts.limit and opts.limit > 0 then
    arg.limit = opts.limit
  end
  if opts.query and opts.query ~= '' then
    arg.query = opts.query
  end
  M.exec('pprof.top', { arg }, function(top)
    local total = tostring(top.total or '?')
    local st = M.status
    if st and st.sampleType == top.sampleType and type(st.totalLabel) == 'string' then
      total = st.totalLabel
    end
    local title = string.format('pprof top: %s (total %s)', tostring(top.sampleType or '?'), total)
    show_list(title, M.top_items(top), opts.select)
  end)
end

--- Shows callers, callees and call chains of a function (full pprof name).
function M.show_callers(name, opts)
  opts = opts or {}
  local function done(res)
    if type(res) ~= 'table' then
      notify('no callers for ' .. tostring(name), vim.log.levels.WARN)
      return
    end
    show_list('pprof callers: ' .. tostring(res['function'] or name), M.callers_items(res), opts.select)
  end
  if opts.client then
    opts.client:request('workspace/executeCommand', {
      command = 'pprof.showCallers',
      arguments = { { ['function'] = name } },
    }, function(err, res)
      if err then
        notify('pprof.showCallers: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      else
        done(res)
      end
    end, opts.bufnr)
  else
    M.exec('pprof.showCallers', { { ['function'] = name } }, done, opts.bufnr)
  end
end

--- The client side of the `pprof.showCallers` code lens command.
function M.lens_command(command, ctx)
  local arg = command.arguments and command.arguments[1] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  M.show_callers(arg['function'], { client = client, bufnr = ctx.bufnr, select = M.opts.callers_select })
end

--- :PprofCallers [function]  (no argument: the profiled function at or above the cursor)
function M.callers(name, opts)
  opts = opts or {}
  if name and name ~= '' then
    M.show_callers(name, opts)
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    notify('pprof-lsp is not attached to this buffer', vim.log.levels.WARN)
    return
  end
  local row = vim.api.nvim_win_get_cursor(0)[1] - 1
  client:request('textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params(bufnr) }, function(err, lenses)
    if err then
      notify('textDocument/codeLens: ' .. (err.message or ''), vim.log.levels.ERROR)
      return
    end
    local best
    for _, lens in ipairs(lenses or {}) do
      local cmd = lens.command
      if cmd and cmd.command == 'pprof.showCallers' and lens.range.start.line <= row then
        if not best or lens.range.start.line > best.range.start.line then
          best = lens
        end
      end
    end
    if not best then
      notify('no profiled function at or above the cursor', vim.log.levels.WARN)
      return
    end
    local fn = best.command.arguments and best.command.arguments[1] and best.command.arguments[1]['function']
    M.show_callers(fn, { client = client, bufnr = bufnr, select = opts.select })
  end, bufnr)
end

--- :PprofStatus
function M.show_status()
  M.exec('pprof.status', nil, function(status, client)
    store_status(status, client.id)
    vim.api.nvim_echo({ { 'pprof: ' .. M.format_status(status) } }, true, {})
  end)
end

--- :PprofToggle (inlay hints of the attached buffers, which Neovim keeps per
--- buffer for all servers, and pprof-lsp's code lenses)
function M.toggle(on)
  if on == nil then
    on = not M.enabled
  end
  M.enabled = on
  for _, it in ipairs(pprof_buffers()) do
    if M.opts.inlay_hints then
      vim.lsp.inlay_hint.enable(on, { bufnr = it.buf })
    end
    if M.opts.codelens then
      set_lenses(it.buf, it.client, on)
    end
  end
  notify('hints and lenses ' .. (on and 'on' or 'off'))
end

local function sample_type_complete(lead)
  local names = {}
  local s = M.status
  local client = M.client()
  if client and M.status_by_client[client.id] then
    s = M.status_by_client[client.id]
  end
  if s and type(s.sampleTypes) == 'table' then
    names = vim.deepcopy(s.sampleTypes)
  else
    names = { 'inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects', 'cpu', 'samples' }
  end
  return vim.tbl_filter(function(n)
    return vim.startswith(n, lead)
  end, names)
end

local commands_defined = false

--- Defines the :Pprof* user commands and the client command handler (idempotent).
function M.define_commands()
  vim.lsp.commands['pprof.showCallers'] = M.lens_command
  if commands_defined then
    return
  end
  commands_defined = true
  local cmd = vim.api.nvim_create_user_command
  cmd('PprofLoad', function(a)
    M.load(a.args)
  end, { nargs = 1, complete = 'file', desc = 'pprof: load a profile' })
  cmd('PprofSampleType', function(a)
    M.sample_type(a.args)
  end, { nargs = '?', complete = sample_type_complete, desc = 'pprof: choose the sample type' })
  cmd('PprofCompare', function(a)
    M.compare(a.fargs[1], a.fargs[2])
  end, { nargs = '*', complete = 'file', desc = 'pprof: compare with a base profile (no argument: stop)' })
  cmd('PprofTop', function(a)
    M.top({ query = a.args, limit = a.count, select = a.bang })
  end, { nargs = '?', count = 0, bang = true, desc = 'pprof: top functions into the quickfix list' })
  cmd('PprofCallers', function(a)
    M.callers(a.args, { select = a.bang })
  end, { nargs = '?', bang = true, desc = 'pprof: callers of the function under the cursor' })
  cmd('PprofStatus', function()
    M.show_status()
  end, { nargs = 0, desc = 'pprof: show the loaded profile' })
  cmd('PprofToggle', function()
    M.toggle()
  end, { nargs = 0, desc = 'pprof: toggle inlay hints and code lenses' })
end

-- ---------------------------------------------------------------- attach

local function set_keymaps(bufnr)
  local km = M.opts.keymaps
  if not km then
    return
  end
  local maps = vim.deepcopy(M.default_keymaps)
  if type(km) == 'table' then
    maps = vim.tbl_extend('force', maps, km)
  end
  local actions = {
    top = { '<cmd>PprofTop<cr>', 'pprof: top functions' },
    callers = { '<cmd>PprofCallers<cr>', 'pprof: callers of this function' },
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
  for name, lhs in pairs(maps) do
    local a = actions[name]
    if a and lhs then
      vim.keymap.set('n', lhs, a[1], { buffer = bufnr, desc = a[2] })
    end
  end
end

M._set_keymaps = set_keymaps

local function on_attach(client, bufnr)
  if M.enabled and M.opts.inlay_hints then
    vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  end
  if M.opts.codelens then
    local group = vim.api.nvim_create_augroup('pprof_lens_' .. bufnr, { clear = true })
    if not has_codelens_enable then
      vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave' }, {
        group = group,
        buffer = bufnr,
        callback = function(ev)
          M.refresh_codelens(ev.buf)
        end,
      })
    end
    M.refresh_codelens(bufnr)
  end
  set_keymaps(bufnr)
  if not M.status_by_client[client.id] then
    client:request('workspace/executeCommand', { command = 'pprof.status' }, function(err, status)
      if not err then
        store_status(status, client.id)
      end
    end, bufnr)
  end
end

local autocmds_defined = false

function M.define_autocmds()
  if autocmds_defined then
    return
  end
  autocmds_defined = true
  local group = vim.api.nvim_create_augroup('pprof', { clear = true })
  vim.api.nvim_create_autocmd('LspAttach', {
    group = group,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if is_pprof(client) then
        on_attach(client, ev.buf)
      end
    end,
  })
  vim.api.nvim_create_autocmd('LspDetach', {
    group = group,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if is_pprof(client) then
        pcall(vim.api.nvim_del_augroup_by_name, 'pprof_lens_' .. ev.buf)
      end
    end,
  })
end

--- Configures and enables pprof-lsp.
---@param opts? pprof.Opts
function M.setup(opts)
  opts = opts or {}
  M.opts = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts)
  M.define_commands()
  M.define_autocmds()

  local cfg = {}
  if opts.cmd then
    cfg.cmd = opts.cmd
  end
  if opts.settings then
    cfg.init_options = opts.settings
    cfg.settings = { pprof = opts.settings }
  end
  for _, key in ipairs({ 'root_dir', 'root_markers', 'filetypes', 'capabilities', 'on_attach', 'cmd_env', 'workspace_folders' }) do
    if opts[key] ~= nil then
      cfg[key] = opts[key]
    end
  end
  if next(cfg) then
    vim.lsp.config(NAME, cfg)
  end
  if M.opts.enable ~= false then
    vim.lsp.enable(NAME)
  end
end

--- Changes settings at run time: merges them into the client config and
--- sends workspace/didChangeConfiguration to running clients.
---@param settings table
function M.set_settings(settings)
  for _, client in ipairs(vim.lsp.get_clients({ name = NAME })) do
    client.settings = vim.tbl_deep_extend('force', client.settings or {}, { pprof = settings })
    client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  end
  local base = (vim.lsp.config[NAME] or {}).settings or {}
  vim.lsp.config(NAME, { settings = vim.tbl_deep_extend('force', base, { pprof = settings }) })
end

return M
