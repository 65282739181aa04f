-- The quickfix lists and vim.ui.select pickers of :PprofTop, the callers
-- and :PprofGrowth. Every text in them is the server's (`text`, `where`,
-- `shortName`, `title`): the plugin lays them out, it formats nothing.
local notify = require('pprof.notify')

local M = {}

local function text(v)
  return type(v) == 'string' and v or ''
end

-- The jump target of an LSP Location, as quickfix item fields.
local function location_item(loc)
  if type(loc) ~= 'table' or not loc.uri then
    return nil
  end
  local start = loc.range and loc.range.start or { line = 0, character = 0 }
  return { filename = vim.uri_to_fname(loc.uri), lnum = start.line + 1, col = start.character + 1 }
end

-- A quickfix item showing `columns` (server texts), with the server's row
-- as user_data.row (for scripts: the raw numbers are there).
local function item_of(jump, columns, row)
  local item = jump or {}
  item.text = table.concat(columns, '  ')
  item.user_data = { row = row, columns = columns }
  return item
end

--- Quickfix items of a Top result, in the server's order. A function not in
--- the workspace is still a jump target when its profile path exists here
--- (the standard library of the same Go, say).
---@param top table
---@return table[]
local function top_items(top)
  local items = {}
  for _, row in ipairs(top.rows or {}) do
    local jump = location_item(row.location)
    if not jump and type(row.file) == 'string' and vim.fn.filereadable(row.file) == 1 then
      jump = { filename = row.file, lnum = type(row.line) == 'number' and row.line or 0 }
    end
    items[#items + 1] = item_of(jump, { text(row.text), text(row.shortName) }, row)
  end
  return items
end

--- Quickfix items of a Callers result: callers, callees, then call chains.
---@param callers table
---@return table[]
local function callers_items(callers)
  local items = {}
  local function add_edges(kind, edges)
    for _, edge in ipairs(edges or {}) do
      items[#items + 1] = item_of(location_item(edge.location), { kind, text(edge.text), text(edge.shortName) }, edge)
    end
  end
  add_edges('caller', callers.callers)
  add_edges('callee', callers.callees)
  for _, chain in ipairs(callers.chains or {}) do
    items[#items + 1] = item_of(nil, { 'chain', text(chain.valueText), text(chain.text) }, chain)
  end
  return items
end

--- Quickfix items of a Growth result, in the server's order (steady growers
--- first). A row whose source is not on this machine has no jump target:
--- its `where` says where it is.
---@param growth table
---@return table[]
local function growth_items(growth)
  local items = {}
  for _, row in ipairs(growth.rows or {}) do
    items[#items + 1] = item_of(location_item(row.location), { text(row.text), text(row.shortName) }, row)
  end
  return items
end

--- 'quickfixtextfunc' of pprof's lists: each row's columns padded to one
--- width (the numbers and names line up), then the server's `where` (e.g.
--- "cache/cache.go:43"): last, as it can be long ("... (not in the
--- workspace)"). A row without a `where` (a call chain) is not padded at its
--- end: its call path is the widest column and would push the others'.
local function quickfix_text(info)
  local items = vim.fn.getqflist({ id = info.id, items = 0 }).items
  local rows, widths = {}, {}
  for i = info.start_idx, info.end_idx do
    local data = items[i].user_data
    local columns, where = data.columns, text(data.row.where)
    rows[#rows + 1] = { columns = columns, where = where }
    for j, column in ipairs(columns) do
      if where ~= '' or j < #columns then
        widths[j] = math.max(widths[j] or 0, vim.fn.strdisplaywidth(column))
      end
    end
  end
  local out = {}
  for n, row in ipairs(rows) do
    local parts = {}
    for j, column in ipairs(row.columns) do
      local last = j == #row.columns and row.where == ''
      parts[j] = last and column or (column .. string.rep(' ', (widths[j] or 0) - vim.fn.strdisplaywidth(column)))
    end
    if row.where ~= '' then
      parts[#parts + 1] = row.where
    end
    out[n] = table.concat(parts, '  ')
  end
  return out
end

--- Fills the quickfix list (titled "pprof: " and the server's title) and
--- opens its window, or with use_select picks a row with vim.ui.select and
--- jumps to it.
---@param server_title any
---@param items table[]
---@param use_select? boolean
local function show(server_title, items, use_select)
  local title = 'pprof: ' .. text(server_title)
  vim.fn.setqflist({}, ' ', { title = title, items = items, quickfixtextfunc = quickfix_text })
  if #items == 0 then
    notify(text(server_title) .. ': nothing to show')
    return
  end
  if not use_select then
    vim.cmd('botright copen')
    return
  end
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
end

---@param top table a Top result
---@param use_select? boolean
function M.show_top(top, use_select)
  show(top.title, top_items(top), use_select)
end

---@param callers table a Callers result
---@param use_select? boolean
function M.show_callers(callers, use_select)
  show(callers.title, callers_items(callers), use_select)
end

---@param growth table a Growth result
---@param use_select? boolean
function M.show_growth(growth, use_select)
  show(growth.title, growth_items(growth), use_select)
end

return M
