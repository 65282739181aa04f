-- While the server reads the first profile, the status says `loading`:
-- :PprofStatus and the statusline say "loading…", a command given then
-- waits for the load. The stub server (its `stubLoadMs` makes the load
-- take 3 s) against a folder of snapshots; the real server's loads are too
-- quick to catch.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local STUB = H.repo .. '/tests/nvim/stub_server.py'

local function messages()
  return vim.api.nvim_exec2('messages', { output = true }).output
end

H.test('while the first load is under way, :PprofStatus and the statusline say loading…', function()
  local errors = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    if level == vim.log.levels.ERROR then
      errors[#errors + 1] = msg
    end
    return notify(msg, level)
  end
  H.setup({ profile = 'profiles', stubLoadMs = 3000 }, { cmd = { STUB } })
  H.open('src/cache/cache.go')
  vim.cmd('messages clear')
  vim.cmd('PprofStatus')
  H.wait(H.timeout, function()
    return messages():find('pprof: ', 1, true) ~= nil
  end, ':PprofStatus output')
  local pprof = require('pprof')
  H.eq(true, pprof.status.loading, 'the server says it is loading')
  local out = messages()
  H.ok(vim.startswith(out, 'pprof: ' .. pprof.status.message .. '\n  loading…'), ':PprofStatus: the message, then loading…: ' .. out)
  H.eq(pprof.status.title .. ' · loading…', pprof.statusline(), 'the statusline: the title, then loading…')
  -- a command given now waits for the load, then runs
  vim.cmd('PprofGrowth')
  H.wait(H.timeout, function()
    return pprof.status.loading == false and pprof.status.profile ~= nil
  end, 'the loaded status')
  H.eq(pprof.status.title, pprof.statusline(), 'loaded: the statusline is the title alone')
  H.ok(not pprof.statusline():find('loading', 1, true), 'no loading… once loaded')
  local qf = H.wait_qf('pprof: Growth')
  H.ok(#qf.items > 0, ':PprofGrowth, given while loading, filled the list')
  H.eq({}, errors, 'no error messages')
  vim.cmd('messages clear')
  vim.cmd('PprofStatus')
  H.wait(H.timeout, function()
    return messages():find('pprof: ', 1, true) ~= nil
  end, ':PprofStatus output')
  H.ok(not messages():find('loading…', 1, true), ':PprofStatus no longer says loading…: ' .. messages())
end)

H.run()
