-- Shared helpers of the headless Neovim tests (run by tests/nvim/run.sh).
-- A test file does:  local H = dofile(REPO .. '/tests/nvim/helpers.lua')
local H = {}

H.repo = assert(os.getenv('REPO_ROOT'), 'REPO_ROOT is not set (use tests/nvim/run.sh)')
H.fixture = H.repo .. '/tests/fixtures/leakyfeed'
H.golden = H.fixture .. '/golden'
H.server = os.getenv('PPROF_LSP_BIN') or (H.repo .. '/target/release/pprof-lsp')
H.timeout = tonumber(os.getenv('PPROF_TEST_TIMEOUT_MS') or '') or 20000

vim.opt.rtp:prepend(H.repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'F'

-- ------------------------------------------------------------ golden files

--- Parses a `go tool pprof -top` report.
--- Returns { total = n, rows = { {flat, cum, func, file?, line?}... } } in file order.
function H.parse_top(path)
  local f = assert(io.open(path, 'r'), 'cannot open ' .. path)
  local out = { rows = {} }
  local in_rows = false
  for l in f:lines() do
    local total = l:match('^Showing nodes accounting for %S+, %S+ of (%-?%d+)%a* total')
    if total then
      out.total = tonumber(total)
    elseif l:match('^%s*flat%s+flat%%') then
      in_rows = true
    elseif in_rows and l:match('%S') then
      local flat, cum, rest = l:match('^%s*(%-?%d+)%a*%s+%S+%s+%S+%s+(%-?%d+)%a*%s+%S+%s+(.-)%s*$')
      if flat then
        rest = rest:gsub(' %(inline%)$', ''):gsub(' %(partial%-inline%)$', '')
        local row = { flat = tonumber(flat), cum = tonumber(cum), func = rest }
        local fn, file, line = rest:match('^(.*) (%S+):(%d+)$')
        if fn then
          row.func, row.file, row.line = fn, file, tonumber(line)
        end
        out.rows[#out.rows + 1] = row
      end
    end
  end
  f:close()
  return out
end

--- Per-line {flat, cum} of one source file (matched by path suffix) from a
--- golden *.lines.txt. Keys are 1-based line numbers.
function H.golden_lines(name, suffix)
  local t = H.parse_top(H.golden .. '/' .. name)
  local lines = {}
  for _, r in ipairs(t.rows) do
    if r.file and vim.endswith(r.file, suffix) then
      local e = lines[r.line] or { flat = 0, cum = 0 }
      e.flat = e.flat + r.flat
      e.cum = e.cum + r.cum
      lines[r.line] = e
    end
  end
  return lines, t.total
end

--- The hints a golden *.lines.txt makes for one file (matched by path
--- suffix): { [1-based line] = "flat · cum" text }.
function H.golden_hints(name, suffix)
  local want = {}
  for line, v in pairs(H.golden_lines(name, suffix)) do
    want[line] = H.hint_text(v.flat, v.cum)
  end
  return want
end

--- Per-function {flat, cum} from a golden *.functions.txt.
function H.golden_functions(name)
  local t = H.parse_top(H.golden .. '/' .. name)
  local by = {}
  for _, r in ipairs(t.rows) do
    by[r.func] = r
  end
  return by, t.rows, t.total
end

-- ------------------------------------------------------------ formatting
-- The rendered text of docs/server-interface.md: B/kB/MB/GB steps of 1024,
-- two decimals with a trailing `.00` trimmed, a space before the unit.

function H.fmt_bytes(v)
  local units = { 'B', 'kB', 'MB', 'GB', 'TB' }
  local x, i = math.abs(v), 1
  while x >= 1024 and i < #units do
    x = x / 1024
    i = i + 1
  end
  -- Exact ties round to even, as Go's and Rust's formatting do (LuaJIT's
  -- %.2f rounds 1.125 up).
  local hundredths = x * 100
  local below = math.floor(hundredths)
  local rounded = hundredths - below == 0.5 and below + below % 2 or math.floor(hundredths + 0.5)
  local s = string.format('%.2f', rounded / 100):gsub('%.00$', '')
  return (v < 0 and '-' or '') .. s .. ' ' .. units[i]
end

function H.hint_text(flat, cum)
  return H.fmt_bytes(flat) .. ' flat · ' .. H.fmt_bytes(cum) .. ' cum'
end

-- ------------------------------------------------------------ editor

--- Configures the plugin like a user would, with the demo workspace.
function H.setup(settings, extra)
  local s = vim.tbl_extend('force', { profile = 'profiles/heap-2.pb.gz', minShare = 0 }, settings or {})
  local opts = vim.tbl_extend('force', {
    cmd = { H.server },
    root_dir = H.fixture,
    settings = s,
  }, extra or {})
  require('pprof').setup(opts)
end

function H.wait(ms, fn, what)
  local ok = vim.wait(ms or H.timeout, fn, 20)
  if not ok then
    error('timed out waiting for ' .. (what or 'condition'), 2)
  end
end

--- Opens a fixture file and waits until pprof-lsp is attached (and initialized).
--- Fails at once when the server exits; later cases are then not run.
function H.open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(H.fixture .. '/' .. rel))
  local buf = vim.api.nvim_get_current_buf()
  local seen, exited = false, false
  vim.wait(H.timeout, function()
    local clients = vim.lsp.get_clients({ bufnr = buf, name = 'pprof_lsp' })
    if #clients > 0 and clients[1].initialized then
      seen = true
      return true
    end
    for _, c in ipairs(vim.lsp.get_clients({ name = 'pprof_lsp' })) do
      if c:is_stopped() then
        exited = true
        return true
      end
    end
  end, 20)
  if not seen then
    H.broken = true
    error(exited and 'pprof-lsp exited before attaching to ' .. rel
      or 'timed out waiting for pprof_lsp to attach to ' .. rel, 2)
  end
  return buf
end

--- Waits until the server reports a loaded profile (pprof/status), as a user
--- waits for the numbers to appear before running a command.
function H.wait_loaded(name)
  local pprof = require('pprof')
  H.wait(H.timeout, function()
    local st = pprof.status
    return st and st.profile ~= nil and st.profile ~= vim.NIL and (not name or tostring(st.profile):find(name, 1, true) ~= nil)
  end, 'a pprof/status with a loaded profile')
  return pprof.status
end

local function label_text(label)
  if type(label) == 'string' then
    return label
  end
  local parts = {}
  for _, p in ipairs(label or {}) do
    parts[#parts + 1] = p.value
  end
  return table.concat(parts)
end

--- Inlay hints of a buffer as { [1-based line] = text } (what Neovim shows).
function H.hints(buf)
  local out = {}
  for _, h in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
    local l = h.inlay_hint.position.line + 1
    local text = vim.trim(label_text(h.inlay_hint.label))
    out[l] = out[l] and (out[l] .. ' | ' .. text) or text
  end
  return out
end

--- Virtual text shown in a buffer (code lenses in 0.11 are extmarks), per 1-based line.
function H.virt_text(buf)
  local out = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, -1, 0, -1, { details = true })) do
    local d = m[4]
    local chunks = {}
    for _, c in ipairs(d.virt_text or {}) do
      chunks[#chunks + 1] = c[1]
    end
    for _, vl in ipairs(d.virt_lines or {}) do
      for _, c in ipairs(vl) do
        chunks[#chunks + 1] = c[1]
      end
    end
    if #chunks > 0 then
      local l = m[2] + 1
      out[l] = (out[l] and (out[l] .. ' | ') or '') .. table.concat(chunks)
    end
  end
  return out
end

--- Inlay hints as drawn: scrolls each line of `lines` into view, redraws,
--- and reads the extmarks that Neovim's inlay hint decoration provider put
--- there ({[line] = text}). Headless Neovim draws only on :redraw.
function H.shown_hints(buf, lines)
  local ns = vim.api.nvim_get_namespaces()['nvim.lsp.inlayhint']
  local out = {}
  local view = vim.fn.winsaveview()
  for _, line in ipairs(lines) do
    vim.api.nvim_win_set_cursor(0, { line, 0 })
    vim.fn.winrestview({ topline = math.max(1, line - 1), lnum = line })
    vim.cmd('redraw!')
    if ns then
      for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, { line - 1, 0 }, { line - 1, -1 }, { details = true })) do
        local chunks = {}
        for _, c in ipairs(m[4].virt_text or {}) do
          chunks[#chunks + 1] = c[1]
        end
        out[line] = vim.trim((out[line] and (out[line] .. ' ') or '') .. table.concat(chunks))
      end
    end
  end
  vim.fn.winrestview(view)
  return out
end

--- Waits until the lens `title` is drawn on line `line` (1-based): what
--- the user sees.
function H.wait_lens_on_screen(buf, line, title)
  H.wait(H.timeout, function()
    local vt = H.virt_text(buf)[line]
    return vt and vt:find(title, 1, true)
  end, 'the lens text on screen (virtual text of line ' .. line .. ')')
end

--- Code lenses of a buffer as the client holds them.
function H.lenses(buf)
  return vim.lsp.codelens.get(buf)
end

--- Waits until the inlay hints equal `want` ({[line] = text}); returns them.
function H.wait_hints(buf, want, what)
  local last
  local ok = vim.wait(H.timeout, function()
    last = H.hints(buf)
    for l, text in pairs(want) do
      if not (last[l] and last[l]:find(text, 1, true)) then
        return false
      end
    end
    return true
  end, 50)
  if not ok then
    error(string.format('%s: want hints %s, got %s', what or 'hints', vim.inspect(want), vim.inspect(last)), 2)
  end
  return last
end

--- The server's own answer to a command, asked directly: what the plugin
--- shows must be its text.
function H.server_command(buf, command, arguments)
  local client = assert(require('pprof.client').attached(buf), 'pprof-lsp attached')
  local res, err = client:request_sync('workspace/executeCommand', { command = command, arguments = arguments }, H.timeout, buf)
  assert(res and not res.err, command .. ' failed: ' .. vim.inspect(res and res.err or err))
  return res.result
end

--- Waits for a quickfix list whose title starts with `prefix`.
function H.wait_qf(prefix)
  H.wait(H.timeout, function()
    return vim.startswith(vim.fn.getqflist({ title = 0 }).title, prefix)
  end, 'quickfix list "' .. prefix .. '"')
  return vim.fn.getqflist({ title = 0, items = 0 })
end

--- The lines of the quickfix window as drawn (its 'quickfixtextfunc' applied).
function H.qf_window_lines()
  local winid = vim.fn.getqflist({ winid = 0 }).winid
  H.ok(winid ~= 0, 'the quickfix window is open')
  return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(winid), 0, -1, false)
end

function H.func_line(buf, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if l:find(pattern, 1, true) then
      return i
    end
  end
  error('no line with ' .. pattern)
end

function H.eq(want, got, what)
  if not vim.deep_equal(want, got) then
    error(string.format('%s: want %s, got %s', what or 'value', vim.inspect(want), vim.inspect(got)), 2)
  end
end

function H.ok(cond, what)
  if not cond then
    error(what or 'assertion failed', 2)
  end
end

-- ------------------------------------------------------------ runner

local cases = {}

function H.test(name, fn)
  cases[#cases + 1] = { name = name, fn = fn }
end

--- Runs the cases in order; prints `ok - NAME` / `not ok - NAME: ERR` and exits.
function H.run()
  local passed, failed = 0, 0
  for _, c in ipairs(cases) do
    local ok, err
    if H.broken then
      ok, err = false, 'not run: the server did not attach'
    else
      ok, err = xpcall(c.fn, debug.traceback)
    end
    if ok then
      passed = passed + 1
      io.stdout:write('\nok - ' .. c.name .. '\n')
    else
      failed = failed + 1
      io.stdout:write('\nnot ok - ' .. c.name .. ': ' .. tostring(err):gsub('\n', '\n    ') .. '\n')
    end
  end
  io.stdout:flush()
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop(true)
  end
  vim.wait(1000, function()
    return #vim.lsp.get_clients() == 0
  end, 20)
  os.exit(failed == 0 and 0 or 1)
end

return H
