-- Every message of the plugin goes through here, so that it names its source.
---@param msg string
---@param level? integer
return function(msg, level)
  vim.notify('pprof: ' .. msg, level or vim.log.levels.INFO)
end
