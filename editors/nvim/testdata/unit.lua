-- Driven by nvim_e2e_test.go: evaluates the plugin's pure functions for the
-- paths in $VELO_CASES (a JSON list) and writes the answers to $VELO_OUT.
local out = assert(os.getenv('VELO_OUT'))
local res = { roots = {}, velo = {} }

-- A config as data: functions (on_attach, client commands) become true.
local function data(cfg)
  local r = {}
  for k, v in pairs(cfg) do
    if type(v) == 'function' then
      r[k] = true
    elseif k == 'commands' then
      local names = {}
      for name, fn in pairs(v) do
        if type(fn) == 'function' then
          table.insert(names, name)
        end
      end
      r[k] = names
    else
      r[k] = v
    end
  end
  return r
end
local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(assert(os.getenv('VELO_PLUGIN_DIR')))
  local velo = require('velo_lsp')
  for _, p in ipairs(vim.fn.json_decode(os.getenv('VELO_CASES'))) do
    res.roots[p] = velo.root_dir(p) or ''
    res.velo[p] = velo.is_velo_document(p)
  end
  res.default = data(velo.config({}))
  res.custom = data(velo.config({ cmd = { '/opt/velo-lsp', 'serve' }, log_level = 'debug', settings = { rules = { VELO001 = 'off' } } }))
  res.wrapped = data(velo.config({ settings = { veloLsp = { packageRoots = { 'pk/*' } } } }))
  res.string_cmd = data(velo.config({ cmd = '/x/velo-lsp' }))
  res.empty_rules = data(velo.config({ settings = { rules = {} } }))
  -- lsp/velo_lsp.lua, as Neovim 0.11 would load it.
  local discovered = dofile(assert(os.getenv('VELO_PLUGIN_DIR')) .. '/lsp/velo_lsp.lua')
  res.no_lenses = data(velo.config({ codelens = false }))
  res.discovered = { cmd = discovered.cmd, filetypes = discovered.filetypes, root_dir_is_fn = type(discovered.root_dir) == 'function' }
end)
if not ok then
  res.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(res) }, out)
vim.cmd('qa!')
