-- The quickfix lists and vim.ui.select pickers of :PprofTop and the
-- callers. Every text in them is the server's (`text`, `where`,
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

--- Quickfix items of a Top result, in the server's order. A function not in
--- the workspace is still a jump target when its profile path exists here
--- (the standard library of the same Go, say).
---@param top table
---@return table[]
local function top_items(top)
  local items = {}
  for _, row in ipairs(top.rows or {}) do
    local item = location_item(row.location)
    if not item then
      item = {}
      if type(row.file) == 'string' and vim.fn.filereadable(row.file) == 1 then
        item.filename = row.file
        item.lnum = type(row.line) == 'number' and row.line or 0
      end
    end
    item.text = text(row.text) .. '  ' .. text(row.shortName)
    item.user_data = row
    items[#items + 1] = item
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
      local item = location_item(edge.location) or {}
      item.text = kind .. '  ' .. text(edge.text) .. '  ' .. text(edge.shortName)
      item.user_data = edge
      items[#items + 1] = item
    end
  end
  add_edges('caller', callers.callers)
  add_edges('callee', callers.callees)
  for _, chain in ipairs(callers.chains or {}) do
    items[#items + 1] = {
      -- A Chain has no value text of its own, as an Edge has: its two labels.
      text = 'chain   ' .. text(chain.label) .. ' (' .. text(chain.shareLabel) .. ')  ' .. text(chain.text),
      user_data = chain,
    }
  end
  return items
end

--- 'quickfixtextfunc' of pprof's lists: the server's `where` of each row
--- (e.g. "cache/cache.go:43"), padded to one width, then the row's text.
local function quickfix_text(info)
  local items = vim.fn.getqflist({ id = info.id, items = 0 }).items
  local wheres, width = {}, 0
  for i = info.start_idx, info.end_idx do
    local data = items[i].user_data
    local where = type(data) == 'table' and text(data.where) or ''
    wheres[#wheres + 1] = where
    width = math.max(width, vim.fn.strdisplaywidth(where))
  end
  local out = {}
  for n, where in ipairs(wheres) do
    local row = items[info.start_idx + n - 1]
    local pad = width > 0 and string.rep(' ', width - vim.fn.strdisplaywidth(where)) .. '  ' or ''
    out[n] = where .. pad .. row.text
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

return M
