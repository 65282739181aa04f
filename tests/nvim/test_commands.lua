-- :PprofStatus, :PprofToggle, :PprofCompare, :PprofLoad, :PprofUseSettings
-- and the profile completion.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local function messages()
  return vim.api.nvim_exec2('messages', { output = true }).output
end

local function capture_notify()
  local got = {}
  vim.notify = function(msg, level)
    got[#got + 1] = { msg = msg, level = level }
  end
  return got
end

local function has_base(status)
  return status and status.base ~= nil and status.base ~= vim.NIL
end

H.test(':PprofStatus echoes the server\'s message and details', function()
  H.setup()
  local buf = H.open('src/cache/cache.go')
  H.wait_loaded('heap-2.pb.gz')
  local status = H.server_command(buf, 'pprof.status', nil)
  vim.cmd('messages clear')
  vim.cmd('PprofStatus')
  H.wait(H.timeout, function()
    return messages():find('pprof: ', 1, true) ~= nil
  end, ':PprofStatus output')
  local out = messages()
  H.ok(vim.startswith(out, 'pprof: ' .. status.message), 'the server\'s message first: ' .. out)
  for _, detail in ipairs(status.details) do
    H.ok(out:find(detail, 1, true), 'detail "' .. detail .. '" shown: ' .. out)
  end
  H.ok(not out:find('Chosen by command', 1, true), 'no override yet: ' .. out)
  -- pprof's numbers, in the server's words.
  H.ok(out:find('heap-2.pb.gz', 1, true), 'status names the profile: ' .. out)
  H.ok(out:find('inuse_space', 1, true), 'status names the sample type: ' .. out)
  local _, total = H.golden_lines('heap-2.inuse_space.lines.txt', '/cache/cache.go')
  H.ok(out:find(H.fmt_bytes(total), 1, true), 'status shows the total ' .. H.fmt_bytes(total) .. ': ' .. out)
  H.eq(status.title, require('pprof').statusline(), 'the statusline is the server\'s title')
  H.ok(status.title:find('inuse_space', 1, true), 'title names the sample type: ' .. status.title)
end)

H.test(':PprofToggle hides and shows hints and lenses', function()
  local buf = vim.api.nvim_get_current_buf()
  H.wait(H.timeout, function()
    return next(H.hints(buf)) ~= nil and #H.lenses(buf) > 0
  end, 'hints and lenses')
  local decl = H.func_line(buf, 'func (c *Cache) Put(')
  H.wait(H.timeout, function()
    return (H.virt_text(buf)[decl] or ''):find('pprof:', 1, true) ~= nil
  end, 'lens shown')
  vim.cmd('PprofToggle')
  H.ok(not vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), 'hints off')
  H.wait(H.timeout, function()
    return (H.virt_text(buf)[decl] or ''):find('pprof:', 1, true) == nil
  end, 'lens hidden')
  vim.cmd('PprofToggle')
  H.ok(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), 'hints on again')
  H.wait(H.timeout, function()
    return (H.virt_text(buf)[decl] or ''):find('pprof:', 1, true) ~= nil
  end, 'lens shown again')
end)

H.test(':PprofCompare heap-1 sets a base, :PprofCompare clears it', function()
  local pprof = require('pprof')
  local notes = capture_notify()
  vim.cmd('PprofCompare ' .. vim.fn.fnameescape(H.fixture .. '/profiles/heap-1.pb.gz'))
  H.wait(H.timeout, function()
    return has_base(pprof.status)
  end, 'a status with a base')
  H.ok(tostring(pprof.status.base):find('heap-1', 1, true), 'base is heap-1: ' .. tostring(pprof.status.base))
  H.eq('auto', pprof.status.compareMode, 'default comparison mode')
  H.ok(pprof.status.overrides.base ~= nil, 'the base is an override: ' .. vim.inspect(pprof.status.overrides))
  H.eq(pprof.status.title, pprof.statusline(), 'the statusline is the server\'s title (it marks the override)')
  H.wait(H.timeout, function()
    return vim.tbl_contains(vim.tbl_map(function(n)
      return n.msg
    end, notes), 'pprof: ' .. pprof.status.message)
  end, 'the server\'s message saying what is shown')
  vim.cmd('PprofCompare')
  H.wait(H.timeout, function()
    return pprof.status and not has_base(pprof.status)
  end, 'the base cleared')
  for _, n in ipairs(notes) do
    H.ok(n.level ~= vim.log.levels.ERROR, 'no error: ' .. n.msg)
  end
end)

H.test(':PprofLoad cpu.pb.gz loads another profile', function()
  local pprof = require('pprof')
  local notes = capture_notify()
  vim.cmd('PprofLoad ' .. vim.fn.fnameescape(H.fixture .. '/profiles/cpu.pb.gz'))
  H.wait(H.timeout, function()
    return pprof.status and tostring(pprof.status.profile):find('cpu.pb.gz', 1, true) ~= nil
  end, 'a status with cpu.pb.gz')
  H.ok(vim.tbl_contains(pprof.status.sampleTypes, 'cpu'), 'cpu among sample types: ' .. vim.inspect(pprof.status.sampleTypes))
  H.ok(pprof.status.overrides.profile ~= nil, 'the profile is an override: ' .. vim.inspect(pprof.status.overrides))
  -- a file that is not a profile is refused with the server's sentence:
  -- what the server answered the plugin's own request, shown as it is
  local client = require('pprof.client').attached(vim.api.nvim_get_current_buf())
  local answered
  local request = client.request
  client.request = function(self, method, params, handler, bufnr)
    return request(self, method, params, function(err, result, ctx)
      if method == 'workspace/executeCommand' and params.command == 'pprof.load' then
        answered = err
      end
      return handler(err, result, ctx)
    end, bufnr)
  end
  vim.cmd('PprofLoad ' .. vim.fn.fnameescape(H.fixture .. '/src/go.mod'))
  H.wait(H.timeout, function()
    return answered ~= nil
  end, 'the server refusing go.mod')
  client.request = request
  -- The server may say it too (window/showMessage), in its own words.
  local function errors()
    return vim.tbl_map(function(n)
      return n.msg
    end, vim.tbl_filter(function(n)
      return n.level == vim.log.levels.ERROR
    end, notes))
  end
  local shown = vim.wait(H.timeout, function()
    return vim.tbl_contains(errors(), 'pprof: ' .. answered.message)
  end, 20)
  H.ok(shown, 'the server\'s error "' .. answered.message .. '", as it is, among ' .. vim.inspect(errors()))
end)

H.test(':PprofStatus says what commands chose; :PprofUseSettings goes back to the settings', function()
  local pprof = require('pprof')
  vim.cmd('messages clear')
  vim.cmd('PprofStatus')
  H.wait(H.timeout, function()
    return messages():find('pprof: ', 1, true) ~= nil
  end, ':PprofStatus output')
  H.ok(messages():find('Chosen by command over your settings: ', 1, true), 'overrides named: ' .. messages())
  H.ok(messages():find(':PprofUseSettings', 1, true), 'how to go back: ' .. messages())
  vim.cmd('PprofUseSettings')
  H.wait(H.timeout, function()
    return pprof.status and tostring(pprof.status.profile):find('heap-2.pb.gz', 1, true) ~= nil
  end, 'heap-2.pb.gz of the settings again')
  H.eq({}, vim.tbl_keys(pprof.status.overrides), 'no overrides left')
  H.ok(not has_base(pprof.status), 'no base in the settings')
  H.eq(pprof.status.title, pprof.statusline(), 'the statusline follows')
end)

H.test(':PprofLoad completes the server\'s profile patterns, else any file', function()
  local client = require('pprof.client').attached(vim.api.nvim_get_current_buf())
  local patterns = client.server_capabilities.experimental.pprof.profilePatterns
  H.ok(vim.tbl_contains(patterns, '*.pb.gz'), 'the server names *.pb.gz: ' .. vim.inspect(patterns))
  local dir = H.fixture .. '/profiles/'
  local got = vim.tbl_map(function(f)
    return vim.fn.fnamemodify(f, ':t')
  end, vim.fn.getcompletion('PprofLoad ' .. dir, 'cmdline'))
  table.sort(got)
  H.eq({ 'cpu.pb.gz', 'heap-1.pb.gz', 'heap-2.pb.gz' }, got, 'the profiles, not compare.txt')
  local src = vim.fn.getcompletion('PprofLoad ' .. H.fixture .. '/src/cache/', 'cmdline')
  H.eq({ H.fixture .. '/src/cache/cache.go' }, src, 'no profile in the folder: its files')
  H.eq({ 'auto', 'diff_base', 'base' }, vim.fn.getcompletion('PprofCompare ' .. dir .. 'heap-1.pb.gz ', 'cmdline'), 'the modes after the base')
end)

H.test(':checkhealth pprof shows the server\'s status of each client', function()
  local pprof = require('pprof')
  vim.cmd('checkhealth pprof')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  vim.cmd('bwipeout')
  H.ok(report:find('OK Neovim 0.11', 1, true), 'Neovim checked: ' .. report)
  H.ok(report:find(pprof.status.message, 1, true), 'the status message: ' .. report)
  H.ok(report:find('*.pb.gz', 1, true), 'the profile patterns: ' .. report)
  H.ok(not report:find('ERROR', 1, true), 'no error: ' .. report)
end)

H.run()
