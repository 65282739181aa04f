-- :help pprof works from the shipped doc/tags (no server needed).
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

H.test(':help pprof finds the help file', function()
  vim.cmd('help pprof')
  H.eq('help', vim.bo.buftype, 'a help buffer')
  H.ok(vim.api.nvim_buf_get_name(0):find('pprof.txt', 1, true), 'pprof.txt opened')
  for _, tag in ipairs({ 'pprof-commands', ':PprofTop', ':PprofGrowth', ':PprofSampleType', ':PprofUseSettings', 'pprof-settings', 'pprof-timeline', 'pprof.statusline()', 'pprof-hover' }) do
    H.ok(pcall(vim.cmd, 'help ' .. tag), 'tag ' .. tag)
  end
  vim.cmd('helpclose')
end)

H.test('the commands exist without setup() once lsp/pprof_lsp.lua is used', function()
  vim.lsp.enable('pprof_lsp')
  local cfg = vim.lsp.config.pprof_lsp -- resolves lsp/pprof_lsp.lua
  H.eq({ 'pprof-lsp' }, cfg.cmd, 'default cmd')
  H.eq({ 'go.mod', 'Cargo.toml', 'package.json', '.git' }, cfg.root_markers, 'root markers')
  for _, ft in ipairs({ 'go', 'rust', 'c', 'cpp', 'python', 'javascript', 'typescript', 'java' }) do
    H.ok(vim.tbl_contains(cfg.filetypes, ft), 'filetype ' .. ft)
  end
  for _, c in ipairs({ 'PprofLoad', 'PprofSampleType', 'PprofCompare', 'PprofUseSettings', 'PprofTop', 'PprofGrowth', 'PprofCallers', 'PprofStatus', 'PprofToggle' }) do
    H.eq(2, vim.fn.exists(':' .. c), ':' .. c .. ' defined')
  end
  H.ok(type(vim.lsp.commands['pprof.showCallers']) == 'function', 'client command pprof.showCallers')
  H.ok(type(cfg.handlers['pprof/status']) == 'function', 'pprof/status handler')
  vim.lsp.enable('pprof_lsp', false)
end)

H.test('setup() sends settings as init_options and settings.pprof', function()
  require('pprof').setup({ cmd = { 'my-pprof-lsp', '--stdio' }, settings = { profile = 'p.pb.gz', minShare = 1 }, enable = false })
  local cfg = vim.lsp.config.pprof_lsp
  H.eq({ 'my-pprof-lsp', '--stdio' }, cfg.cmd, 'cmd overridden')
  H.eq({ profile = 'p.pb.gz', minShare = 1 }, cfg.init_options, 'init_options')
  H.eq({ profile = 'p.pb.gz', minShare = 1 }, cfg.settings.pprof, 'settings.pprof')
  -- the timeline settings, as they are
  local timeline = {
    profile = 'http://127.0.0.1:6060/debug/pprof/heap?gc=1',
    keepSnapshots = 12,
    pollSeconds = 30,
    growthDiagnostics = false,
  }
  require('pprof').setup({ settings = timeline, enable = false })
  cfg = vim.lsp.config.pprof_lsp
  for key, value in pairs(timeline) do
    H.eq(value, cfg.init_options[key], key .. ' in init_options')
    H.eq(value, cfg.settings.pprof[key], key .. ' in settings.pprof')
  end
end)

H.test('keymaps = true maps the commands in attached buffers only', function()
  require('pprof.config').opts.keymaps = true
  local buf = vim.api.nvim_create_buf(true, false)
  -- what the LspAttach hook does for a pprof-lsp buffer
  vim.api.nvim_buf_call(buf, function()
    vim.g.mapleader = ' '
  end)
  require('pprof.attach').set_keymaps(buf)
  local maps = {}
  for _, m in ipairs(vim.api.nvim_buf_get_keymap(buf, 'n')) do
    maps[m.lhs] = m.rhs or m.desc
  end
  H.eq('<Cmd>PprofTop<CR>', maps[' pt'], '<leader>pt')
  H.ok(maps[' pl'], '<leader>pl runs the lens')
  H.eq(nil, next(vim.api.nvim_buf_get_keymap(vim.api.nvim_create_buf(true, false), 'n')), 'no maps elsewhere')
end)

H.test('installed as a plain package (pack/*/start), setup() works from init.lua', function()
  local tmp = vim.fn.tempname()
  local data, cfg = tmp .. '/data', tmp .. '/config'
  vim.fn.mkdir(data .. '/nvim/site/pack/pprof/start', 'p')
  vim.fn.mkdir(cfg .. '/nvim', 'p')
  assert(vim.uv.fs_symlink(H.repo .. '/editors/nvim', data .. '/nvim/site/pack/pprof/start/pprof.nvim'))
  vim.fn.writefile({ "require('pprof').setup({ settings = { profile = 'profiles/x.pb.gz' }, keymaps = true })" }, cfg .. '/nvim/init.lua')
  local probe = table.concat({
    'local c = vim.lsp.config.pprof_lsp',
    "io.stdout:write(vim.fn.exists(':PprofTop'), ' ', c.cmd[1], ' ', c.settings.pprof.profile, ' ')",
    "vim.cmd('help pprof-commands')",
    "io.stdout:write(vim.fn.expand('%:t'))",
  }, '; ')
  local r = vim.system({ vim.v.progpath, '--headless', '-c', 'lua ' .. probe, '-c', 'qa!' }, {
    env = { XDG_CONFIG_HOME = cfg, XDG_DATA_HOME = data, XDG_STATE_HOME = tmp .. '/state', XDG_CACHE_HOME = tmp .. '/cache' },
    text = true,
  }):wait(20000)
  H.eq('2 pprof-lsp profiles/x.pb.gz pprof.txt', vim.trim(r.stdout or ''), 'probe output (stderr: ' .. tostring(r.stderr) .. ')')
  vim.fn.delete(tmp, 'rf')
end)

H.run()
