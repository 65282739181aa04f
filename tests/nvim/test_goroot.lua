-- A standard library file opened from GOROOT (as "go to definition" does)
-- attaches to the running pprof-lsp, by the default root_dir and the
-- server's libraryRoots, and shows its numbers; it starts no server rooted
-- in GOROOT/src (which has a go.mod).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local profile = H.fixture .. '/profiles/heap-2.pb.gz'

H.test('a GOROOT file opened after the workspace\'s attaches to its server and has hints', function()
  -- Go's standard library here: tests/fixtures/goroot (see its README).
  local root = vim.fn.resolve(H.repo .. '/tests/fixtures/goroot')
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
