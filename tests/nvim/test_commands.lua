-- :PprofStatus, :PprofToggle, :PprofCompare and :PprofLoad.
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

H.test(':PprofStatus echoes the loaded profile', function()
  H.setup()
  H.open('src/cache/cache.go')
  H.wait_loaded('heap-2.pb.gz')
  vim.cmd('messages clear')
  vim.cmd('PprofStatus')
  H.wait(H.timeout, function()
    return messages():find('pprof: ', 1, true) ~= nil
  end, ':PprofStatus output')
  local out = messages()
  H.ok(out:find('heap-2.pb.gz', 1, true), 'status names the profile: ' .. out)
  H.ok(out:find('inuse_space', 1, true), 'status names the sample type: ' .. out)
  local _, total = H.golden_lines('heap-2.inuse_space.lines.txt', '/cache/cache.go')
  H.ok(out:find(H.fmt_bytes(total), 1, true), 'status shows the total ' .. H.fmt_bytes(total) .. ': ' .. out)
  H.ok(require('pprof').statusline():find('inuse_space', 1, true), 'statusline')
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
    return pprof.status and pprof.status.base ~= nil and pprof.status.base ~= vim.NIL
  end, 'a status with a base')
  H.ok(tostring(pprof.status.base):find('heap-1', 1, true), 'base is heap-1: ' .. tostring(pprof.status.base))
  H.eq('diff', pprof.status.baseMode, 'default base mode')
  vim.cmd('PprofCompare')
  H.wait(H.timeout, function()
    return pprof.status and (pprof.status.base == nil or pprof.status.base == vim.NIL)
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
  -- a file that is not a profile is refused with an error message
  vim.cmd('PprofLoad ' .. vim.fn.fnameescape(H.fixture .. '/src/go.mod'))
  H.wait(H.timeout, function()
    for _, n in ipairs(notes) do
      if n.level == vim.log.levels.ERROR then
        return true
      end
    end
  end, 'an error for go.mod')
end)

H.run()
