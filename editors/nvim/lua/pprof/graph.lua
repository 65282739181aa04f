-- :PprofGraph and :PprofSeries: the call graph around a function as an
-- indented tree in a float (callers above it, callees below), and a
-- function's series over the timeline. Every text is the server's
-- (pprof.callGraph's labels, pprof.explainGraph's words, pprof.series'
-- labels): the plugin lays them out, it formats nothing.
local notify = require('pprof.notify')

local M = {}

local function text(v)
  return type(v) == 'string' and v or ''
end

-- A float over the editor, sized to its lines; `q` and <Esc> close it.
local function open_float(lines, title)
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = 'wipe'
  local width = 20
  for _, line in ipairs(lines) do
    width = math.max(width, vim.fn.strdisplaywidth(line))
  end
  width = math.min(width + 2, vim.o.columns - 4)
  local height = math.max(1, math.min(#lines, vim.o.lines - 6))
  local win = vim.api.nvim_open_win(buf, true, {
    relative = 'editor',
    width = width,
    height = height,
    row = math.max(0, math.floor((vim.o.lines - height) / 2) - 1),
    col = math.max(0, math.floor((vim.o.columns - width) / 2)),
    border = 'rounded',
    title = ' ' .. title .. ' ',
    style = 'minimal',
  })
  vim.wo[win].wrap = false
  vim.wo[win].cursorline = true
  for _, key in ipairs({ 'q', '<Esc>' }) do
    vim.keymap.set('n', key, function()
      if vim.api.nvim_win_is_valid(win) then
        vim.api.nvim_win_close(win, true)
      end
    end, { buffer = buf, nowait = true, desc = 'pprof: close' })
  end
  return buf, win
end

--- The tree of a graph: rows of { text, node = id, edge = edge or nil },
--- the function's callers above it (each caller's own callers above it,
--- indented further), its callees below. A function already on the way to
--- the graph's function (recursion) is not followed again.
---@param graph table a CallGraph
---@param words table its GraphWords
---@return table[]
function M.tree(graph, words)
  local titles, edge_words = {}, {}
  for _, node in ipairs(words.nodes or {}) do
    titles[node.id] = text(node.title)
  end
  for _, edge in ipairs(words.edges or {}) do
    edge_words[edge.from .. '>' .. edge.to] = edge
  end
  local into, out = {}, {}
  for _, edge in ipairs(graph.edges or {}) do
    into[edge.to] = into[edge.to] or {}
    table.insert(into[edge.to], edge)
    out[edge.from] = out[edge.from] or {}
    table.insert(out[edge.from], edge)
  end
  local function heaviest_first(edges)
    local sorted = vim.list_extend({}, edges or {})
    table.sort(sorted, function(a, b)
      if math.abs(a.weight) ~= math.abs(b.weight) then
        return math.abs(a.weight) > math.abs(b.weight)
      end
      return a.from * 100000 + a.to < b.from * 100000 + b.to
    end)
    return sorted
  end
  local function row(edge, id, depth, arrow)
    local share = text((edge_words[edge.from .. '>' .. edge.to] or {}).shareLabel)
    local line = string.rep('  ', depth) .. arrow .. ' ' .. titles[id] .. '  ' .. text(edge.weightLabel)
    if share ~= '' then
      line = line .. ' (' .. share .. ')'
    end
    if edge.inline then
      line = line .. '  inline'
    end
    return { text = line, node = id, edge = edge }
  end
  local rows = {}
  local function callers(id, depth, path)
    for _, edge in ipairs(heaviest_first(into[id])) do
      local caller = edge.from
      if not path[caller] then
        path[caller] = true
        callers(caller, depth + 1, path)
        path[caller] = nil
        rows[#rows + 1] = row(edge, caller, depth, '←')
      end
    end
  end
  local function callees(id, depth, path)
    for _, edge in ipairs(heaviest_first(out[id])) do
      local callee = edge.to
      if not path[callee] then
        rows[#rows + 1] = row(edge, callee, depth, '→')
        path[callee] = true
        callees(callee, depth + 1, path)
        path[callee] = nil
      end
    end
  end
  callers(0, 1, { [0] = true })
  local center = graph.nodes[1]
  rows[#rows + 1] = {
    text = titles[0] .. '  ' .. text(center.flatLabel) .. ' flat · ' .. text(center.cumLabel) .. ' cum',
    node = 0,
  }
  callees(0, 1, { [0] = true })
  return rows
end

-- The explanation of a row: its node's words, and the call's.
local function explanation(words, row)
  local lines = {}
  for _, node in ipairs(words.nodes or {}) do
    if node.id == row.node then
      lines[#lines + 1] = text(node.text)
    end
  end
  if row.edge then
    for _, edge in ipairs(words.edges or {}) do
      if edge.from == row.edge.from and edge.to == row.edge.to then
        lines[#lines + 1] = text(edge.text)
      end
    end
  end
  return lines
end

-- Shows text paragraphs in a second float, wrapped to the window, a blank
-- line between them.
local function show_words(paragraphs, title)
  local width = math.min(80, vim.o.columns - 6)
  local lines = {}
  for i, paragraph in ipairs(paragraphs) do
    if i > 1 then
      lines[#lines + 1] = ''
    end
    local line = ''
    for word in paragraph:gmatch('%S+') do
      if line ~= '' and vim.fn.strdisplaywidth(line .. ' ' .. word) > width then
        lines[#lines + 1] = line
        line = word
      else
        line = line == '' and word or (line .. ' ' .. word)
      end
    end
    lines[#lines + 1] = line
  end
  return open_float(lines, title)
end

--- Opens the float of a graph and its words. <CR> jumps to the function of
--- the line, K explains the line (the legend on the first lines).
---@param graph table
---@param words table
---@return integer buf, integer win
function M.show_graph(graph, words)
  local rows = M.tree(graph, words)
  local lines = { text(words.title), '' }
  local first = #lines
  for _, row in ipairs(rows) do
    lines[#lines + 1] = row.text
  end
  lines[#lines + 1] = ''
  lines[#lines + 1] = '<CR> go to the function · K explain · q close'
  local origin = vim.api.nvim_get_current_win()
  local buf, win = open_float(lines, 'pprof: call graph')
  local function row_here()
    return rows[vim.api.nvim_win_get_cursor(win)[1] - first]
  end
  vim.keymap.set('n', '<CR>', function()
    local row = row_here()
    if not row then
      return
    end
    local node = graph.nodes[row.node + 1]
    local location = node and node.location
    if type(location) ~= 'table' or not location.uri then
      notify(table.concat(explanation(words, { node = row.node }), ' '))
      return
    end
    vim.api.nvim_win_close(win, true)
    if vim.api.nvim_win_is_valid(origin) then
      vim.api.nvim_set_current_win(origin)
    end
    vim.cmd.edit(vim.fn.fnameescape(vim.uri_to_fname(location.uri)))
    vim.api.nvim_win_set_cursor(0, { location.range.start.line + 1, location.range.start.character })
  end, { buffer = buf, desc = 'pprof: go to the function' })
  vim.keymap.set('n', 'K', function()
    local row = row_here()
    local paragraphs = row and explanation(words, row) or words.legend or {}
    show_words(paragraphs, 'pprof: ' .. (row and text(words.nodes[row.node + 1].title) or 'how to read it'))
  end, { buffer = buf, desc = 'pprof: explain' })
  vim.api.nvim_win_set_cursor(win, { first + #rows, 0 })
  for i, row in ipairs(rows) do
    if row.node == 0 then
      vim.api.nvim_win_set_cursor(win, { first + i, 0 })
    end
  end
  return buf, win
end

--- Opens the float of a Series: its title, text and one line per snapshot
--- (its bar of the sparkline, value, snapshot and time).
---@param series table
---@return integer buf, integer win
function M.show_series(series)
  local lines = { text(series.title), text(series.text), '' }
  local bars = vim.fn.split(text(series.sparkline), '\\zs')
  local points = series.points or {}
  local width = 0
  for _, point in ipairs(points) do
    width = math.max(width, vim.fn.strdisplaywidth(text(point.label)))
  end
  for i, point in ipairs(points) do
    local label = text(point.label)
    lines[#lines + 1] = (bars[i] or ' ') .. '  ' .. label .. string.rep(' ', width - vim.fn.strdisplaywidth(label))
      .. '  ' .. text(point.snapshot) .. '  ' .. text(point.timeLabel)
  end
  return open_float(lines, 'pprof: series')
end

return M
