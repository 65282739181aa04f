-- A standard library file opened from GOROOT (as "go to definition" does)
-- attaches to the running pprof-lsp, by the default root_dir and the
-- server's libraryRoots, and shows its numbers; it starts no server rooted
-- in GOROOT/src (which has a go.mod).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local profile = H.fixture .. '/profiles/heap-2.pb.gz'

--- A GOROOT of the test's own: src/go.mod, and runtime/pprof/pprof.go with
--- each profiled function declared at its start line (from the server's
--- own `top --json`).
local function goroot()
  local dir = vim.fn.resolve(vim.fn.tempname())
  local pprof_dir = dir .. '/src/runtime/pprof'
  vim.fn.mkdir(pprof_dir, 'p')
  vim.fn.writefile({ 'module std', '', 'go 1.27' }, dir .. '/src/go.mod')
  local top = vim.json.decode(vim.fn.system({ H.server, 'top', '--json', profile }))
  local lines = {}
  for i = 1, 1000 do
    lines[i] = '// a stand-in for Go\'s runtime/pprof/pprof.go'
  end
  for _, row in ipairs(top.rows) do
    if vim.endswith(row.file, '/runtime/pprof/pprof.go') and row.line > 0 then
      lines[row.line] = 'func ' .. row['function']:match('[^.]+$') .. '() {'
    end
  end
  vim.fn.writefile(lines, pprof_dir .. '/pprof.go')
  return dir
end

H.test('a GOROOT file opened after the workspace\'s attaches to its server and has hints', function()
  local root = goroot()
  vim.env.GOROOT = root
  -- The plugin's default root_dir: no root_dir given.
  require('pprof').setup({ cmd = { H.server }, settings = { profile = profile, minShare = 0 } })
  local buf = H.open('src/cache/cache.go')
  local status = H.wait_loaded('heap-2.pb.gz')
  H.ok(vim.tbl_contains(status.libraryRoots, root), 'the server names the GOROOT it resolves into: ' .. vim.inspect(status.libraryRoots))
  local workspace_client = require('pprof.client').attached(buf)

  local golden = H.parse_top(H.golden .. '/heap-2.inuse_space.lines.txt').rows
  local hot
  for _, r in ipairs(golden) do
    if r.func == 'runtime/pprof.StartCPUProfile' and (not hot or r.flat > hot.flat) then
      hot = r
    end
  end
  H.ok(hot ~= nil, 'golden: StartCPUProfile has lines')

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/src/runtime/pprof/pprof.go'))
  local std = vim.api.nvim_get_current_buf()
  H.wait(H.timeout, function()
    return require('pprof.client').attached(std) ~= nil
  end, 'pprof-lsp attached to pprof.go')
  H.eq(workspace_client.id, require('pprof.client').attached(std).id, 'the same server as the workspace\'s')
  H.eq(1, #vim.lsp.get_clients({ name = 'pprof_lsp' }), 'no second server rooted in GOROOT/src')
  H.wait_hints(std, { [hot.line] = H.hint_text(hot.flat, hot.cum) }, 'pprof.go')
end)

H.run()
