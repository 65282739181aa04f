-- A fleet profile from a store: `profile` set to a Pyroscope query
-- (tests/doubles/pyroscope.py, a double of its Connect API serving
-- leakyfeed's heap-2 as the merged profile). The plugin passes the object
-- through; the numbers on the code are the golden heap-2's; the requests
-- carry the query, the type, the hour's window, the tenant and the token
-- from the named variable; :PprofService lists the store's services and a
-- choice changes the query; :PprofSampleType lists the store's types.
local H = dofile(os.getenv('REPO_ROOT') .. '/tests/nvim/helpers.lua')

local log = vim.fn.tempname() .. '-pyroscope.jsonl'
local url
-- The double prints its URL first; it exits when Neovim (its stdin) goes.
vim.system({
  'python3', H.repo .. '/tests/doubles/pyroscope.py',
  H.fixture .. '/profiles/heap-2.pb.gz', log, 'nvim-s3cret',
}, {
  stdin = true,
  stdout = function(_, data)
    url = url or (data and data:match('^(http://%S+)'))
  end,
})
vim.wait(10000, function()
  return url ~= nil
end, 50)

local function requests(method)
  local out = {}
  local f = io.open(log, 'r')
  if not f then
    return out
  end
  for line in f:lines() do
    local entry = vim.json.decode(line)
    if vim.endswith(entry.path, '/' .. method) then
      out[#out + 1] = entry
    end
  end
  f:close()
  return out
end

H.test('a Pyroscope query as the profile: the fleet\'s numbers on the code', function()
  H.ok(url, 'the double started: ' .. tostring(url))
  vim.env.XDG_CACHE_HOME = vim.fn.tempname() .. '-cache'
  vim.env.PPROF_E2E_PYROSCOPE_TOKEN = 'nvim-s3cret'
  H.setup({
    profile = {
      kind = 'pyroscope',
      url = url,
      query = '{service_name="orders"}',
      profileType = 'memory:inuse_space:bytes:space:bytes',
      tenant = 'team-a',
      tokenEnv = 'PPROF_E2E_PYROSCOPE_TOKEN',
    },
  })
  local buf = H.open('src/cache/cache.go')
  local status = H.wait_loaded('Pyroscope at')
  H.ok(status.message:find('the last 1 hour (', 1, true), 'the status names the window: ' .. status.message)
  H.wait_hints(buf, H.golden_hints('heap-2.inuse_space.lines.txt', '/cache/cache.go'), 'heap-2 inuse_space hints from the store')
  local select = requests('SelectMergeProfile')[1]
  H.ok(select, 'a SelectMergeProfile request')
  H.eq('memory:inuse_space:bytes:space:bytes', select.select.profile_typeID, 'the type')
  H.eq('{service_name="orders"}', select.select.label_selector, 'the query')
  H.eq(3600000, select.select['end'] - select.select.start, 'the last hour')
  H.eq('team-a', select.headers['x-scope-orgid'], 'the tenant')
  H.eq('Bearer nvim-s3cret', select.headers['authorization'], 'the token from the named variable')
end)

H.test(':PprofService lists the store\'s services, and a choice changes the query', function()
  local offered
  vim.ui.select = function(items, _, on_choice)
    offered = items
    on_choice('billing', 1)
  end
  local before = #requests('SelectMergeProfile')
  vim.cmd('PprofService')
  H.wait(H.timeout, function()
    return offered ~= nil
  end, 'vim.ui.select with the services')
  H.eq({ 'billing', 'orders' }, offered, 'the store\'s service_name values')
  H.wait(H.timeout, function()
    local all = requests('SelectMergeProfile')
    return #all > before and all[#all].select.label_selector == '{service_name="billing"}'
  end, 'a SelectMergeProfile for billing')
  H.wait(H.timeout, function()
    local st = require('pprof').status
    return st and st.message and st.message:find('billing', 1, true) ~= nil
      or (st and vim.inspect(st.details):find('billing', 1, true) ~= nil)
  end, 'the status names the new query')
end)

H.test(':PprofSampleType over a store offers the store\'s profile types', function()
  local names
  vim.ui.select = function(items, _, on_choice)
    names = vim.tbl_map(function(c)
      return c.name
    end, items)
    on_choice(nil, nil)
  end
  vim.cmd('PprofSampleType')
  H.wait(H.timeout, function()
    return names ~= nil
  end, 'vim.ui.select with the types')
  H.eq({ 'memory:inuse_space:bytes:space:bytes', 'memory:alloc_space:bytes:space:bytes' }, names, 'ProfileTypes')
end)

H.run()
