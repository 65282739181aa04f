-- :PprofGraph: the call graph around the function at the cursor as an
-- indented tree in a float, callers above, callees below; its weights are
-- pprof's (-peek, golden/peek/) and its words the server's; K explains a
-- line, <CR> jumps to its function.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

--- The floating windows open now.
local function floats()
  return vim.tbl_filter(function(win)
    return vim.api.nvim_win_get_config(win).relative ~= ''
  end, vim.api.nvim_list_wins())
end

local function wait_float(count)
  H.wait(H.timeout, function()
    return #floats() >= count
  end, count .. ' float(s)')
  local win = vim.api.nvim_get_current_win()
  return win, vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
end

local function close_floats()
  for _, win in ipairs(floats()) do
    vim.api.nvim_win_close(win, true)
  end
end

local function line_starting(lines, prefix)
  for i, line in ipairs(lines) do
    if vim.startswith(line, prefix) then
      return i, line
    end
  end
  error(string.format('no line starts with %q in:\n%s', prefix, table.concat(lines, '\n')))
end

--- pprof's -peek entry of a function: its flat, cum and edges by name.
local function peek(file, name)
  local entry, above = nil, {}
  for line in io.lines(H.golden .. '/peek/' .. file) do
    local values, rest = line:match('^([^|]*)|(.*)$')
    if line:match('^%-%-%-%-') then
      if entry then
        return entry
      end
      above = {}
    elseif values then
      local fields = vim.split(vim.trim(values), '%s+')
      local number = function(text)
        return tonumber((text:gsub('%a+$', '')))
      end
      if #fields == 2 then
        local callee = vim.trim(rest):gsub(' %(inline%)$', '')
        local edge = { name = callee, weight = number(fields[1]), inline = rest:find('(inline)', 1, true) ~= nil }
        if entry then
          table.insert(entry.callees, edge)
        else
          table.insert(above, edge)
        end
      elseif vim.trim(rest) == name then
        entry = { flat = number(fields[1]), cum = number(fields[4]), callers = above, callees = {} }
      else
        above = {}
      end
    end
  end
  return entry
end

H.test(':PprofGraph shows the callers above and the callees below, with pprof\'s weights', function()
  H.setup()
  H.buf = H.open('src/cache/cache.go')
  H.wait_loaded('heap-2.pb.gz')
  local put_line = H.func_line(H.buf, 'func (c *Cache) Put(')
  vim.api.nvim_win_set_cursor(0, { put_line, 0 })
  local position = { uri = vim.uri_from_bufnr(H.buf), position = { line = put_line - 1, character = 0 } }
  local graph = H.server_command(H.buf, 'pprof.callGraph', { position })
  local words = H.server_command(H.buf, 'pprof.explainGraph', { position })
  vim.cmd('PprofGraph')
  local _, lines = wait_float(1)
  H.eq(words.title, lines[1], 'titled with the server\'s title')
  -- Put's edges are pprof's: -peek of the demo's clone (its only caller is
  -- Put) and of main.serve (Put is among its callees).
  local clone = peek('heap-2.inuse_space.txt', 'example.com/leakyfeed/cache.clone')
  H.ok(clone and #clone.callers == 1 and clone.callers[1].name == 'example.com/leakyfeed/cache.(*Cache).Put',
    'golden: Put is clone\'s one caller')
  H.ok(clone.callers[1].inline, 'golden: inlined')
  local center, center_line = line_starting(lines, 'cache.(*Cache).Put  ')
  H.eq('cache.(*Cache).Put  ' .. graph.nodes[1].flatLabel .. ' flat · ' .. graph.nodes[1].cumLabel .. ' cum', center_line,
    'the function\'s own line')
  local golden_put = select(2, H.golden_functions('heap-2.inuse_space.functions.txt'))
  for _, row in ipairs(golden_put) do
    if row.func == 'example.com/leakyfeed/cache.(*Cache).Put' then
      H.ok(center_line:find(H.fmt_bytes(row.flat) .. ' flat', 1, true) and center_line:find(H.fmt_bytes(row.cum) .. ' cum', 1, true),
        'pprof\'s flat and cum: ' .. center_line)
    end
  end
  local callee_at, callee = line_starting(lines, '  → cache.clone  ')
  H.ok(callee_at > center, 'callees below')
  H.ok(callee:find(H.fmt_bytes(clone.callers[1].weight), 1, true), 'pprof\'s weight: ' .. callee)
  H.ok(vim.endswith(callee, '  inline'), 'marked inline: ' .. callee)
  local caller_at, caller = line_starting(lines, '  ← main.serve  ')
  H.ok(caller_at < center, 'callers above')
  local edge_share
  for _, edge in ipairs(words.edges) do
    if edge.to == 0 and graph.nodes[edge.from + 1]['function'] == 'main.serve' then
      edge_share = edge.shareLabel
    end
  end
  H.ok(edge_share and caller:find('(' .. edge_share .. ')', 1, true), 'the server\'s share: ' .. caller)
  local grand_at = line_starting(lines, '    ← main.main  ')
  H.ok(grand_at < caller_at, 'the caller\'s caller above it, indented further')

  -- K on the callee's line: its words and the call's.
  vim.api.nvim_win_set_cursor(0, { callee_at, 0 })
  vim.api.nvim_feedkeys('K', 'x', false)
  local _, explained = wait_float(2)
  local text = table.concat(explained, ' ')
  H.ok(text:find('example.com/leakyfeed/cache.clone: ' .. graph.nodes[3].flatLabel .. ' flat', 1, true)
    or text:find('cache.clone:', 1, true), 'the node\'s words: ' .. text)
  H.ok(text:find('inlined', 1, true), 'the call\'s words: ' .. text)
  vim.api.nvim_win_close(0, true)

  -- <CR> on it: to clone's declaration.
  local graph_win = floats()[1]
  vim.api.nvim_set_current_win(graph_win)
  vim.api.nvim_win_set_cursor(graph_win, { callee_at, 0 })
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<CR>', true, false, true), 'x', false)
  H.wait(H.timeout, function()
    return #floats() == 0
  end, 'the float closed')
  H.eq(H.fixture .. '/src/cache/cache.go', vim.api.nvim_buf_get_name(0), 'in cache.go')
  H.eq(H.func_line(H.buf, 'func clone('), vim.api.nvim_win_get_cursor(0)[1], 'at clone\'s declaration')
end)

H.test(':1PprofGraph shows one level each way', function()
  close_floats()
  vim.api.nvim_win_set_cursor(0, { H.func_line(H.buf, 'func (c *Cache) Put('), 0 })
  vim.cmd('1PprofGraph')
  local _, lines = wait_float(1)
  line_starting(lines, '  ← main.serve  ')
  for _, line in ipairs(lines) do
    H.ok(not line:find('main.main', 1, true), 'no caller two levels up: ' .. line)
  end
  close_floats()
end)

H.run()
