-- A command right after opening a file, while the server may still be
-- reading the profile: the plugin waits for the load instead of failing.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

H.test(':PprofTop at once after opening the file still fills the quickfix list', function()
  local errors = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    if level == vim.log.levels.ERROR then
      errors[#errors + 1] = msg
    end
    return notify(msg, level)
  end
  H.setup()
  H.open('src/cache/cache.go')
  vim.cmd('PprofTop') -- no wait for the profile
  H.wait(H.timeout, function()
    return vim.startswith(vim.fn.getqflist({ title = 0 }).title, 'pprof: ')
  end, 'the quickfix list')
  local items = vim.fn.getqflist()
  H.ok(#items > 0 and items[1].text:find('cache.clone', 1, true), 'clone first: ' .. (items[1] and items[1].text or 'none'))
  H.eq({}, errors, 'no error messages')
end)

H.run()
