-- Driven by nvim_e2e_test.go: nvim --headless --clean -u e2e.lua
-- After startup, loads the plugin, opens an events file, waits for velo-lsp's diagnostics,
-- requests a completion and a hover, writes what it saw to $VELO_OUT as JSON
-- and quits. Every wait is bounded; an error is written out, not swallowed.
local out = assert(os.getenv('VELO_OUT'), 'VELO_OUT')
local results = { nvim = vim.version() and tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(results) }, out)
  vim.cmd('qa!')
end

local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf })
  end
  local list = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(list, c)
  end
  return list
end

-- Plain data only (json_encode rejects functions).
local function plain(v, depth)
  depth = depth or 0
  if depth > 8 then
    return nil
  end
  local t = type(v)
  if t == 'table' then
    local r = {}
    for k, x in pairs(v) do
      r[k] = plain(x, depth + 1)
    end
    return r
  elseif t == 'string' or t == 'number' or t == 'boolean' then
    return v
  end
  return nil
end

local function run()
  vim.opt.runtimepath:prepend(assert(os.getenv('VELO_PLUGIN_DIR')))
  local settings = vim.fn.json_decode(os.getenv('VELO_SETTINGS') or '{}')
  local cmd = { assert(os.getenv('VELO_LSP_BIN')), 'serve', '--log-level', 'debug' }
  if os.getenv('VELO_LOG') then
    table.insert(cmd, '--log-file')
    table.insert(cmd, os.getenv('VELO_LOG'))
  end

  -- Count every publishDiagnostics for our file, with its version.
  local file = assert(os.getenv('VELO_FILE'))
  local uri = vim.uri_from_fname(file)
  local publishes = {}
  local default = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
    if result and result.uri == uri then
      table.insert(publishes, { version = result.version, count = #result.diagnostics })
    end
    return default(e, result, ctx, config)
  end

  require('velo_lsp').setup({ cmd = cmd, settings = settings })
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  results.filetype = vim.bo[buf].filetype

  results.attached = vim.wait(15000, function()
    return #clients_of(buf) > 0
  end, 20)
  if not results.attached then
    error('velo-lsp did not attach to ' .. file)
  end
  local client = clients_of(buf)[1]
  results.client_name = client.name
  results.root_dir = client.config.root_dir
  results.offset_encoding = client.offset_encoding

  results.published = vim.wait(20000, function()
    return #publishes > 0
  end, 20)
  results.publishes_before_edit = #publishes
  results.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(results.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      code = d.code or lsp.code,
      source = d.source or lsp.source,
    })
  end

  if os.getenv('VELO_ONLY_DIAGNOSTICS') == '1' then
    return
  end

  -- Type the start of a handler name on a new last line; wait until the
  -- server has analysed that version, then ask for completions at its end.
  local prefix = os.getenv('VELO_COMPLETE') or 'export function wixBilling_onInvoiceC'
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { prefix })
  local version = vim.lsp.util.buf_versions[buf]
  results.edit_version = version
  results.published_after_edit = vim.wait(10000, function()
    for _, p in ipairs(publishes) do
      if p.version == version then
        return true
      end
    end
    return false
  end, 20)

  local params = { textDocument = { uri = uri }, position = { line = n, character = #prefix } }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 10000)
  results.completion = {}
  for _, r in pairs(responses or {}) do
    if r.error then
      results.completion_error = plain(r.error)
    end
    local items = r.result and (r.result.items or r.result) or {}
    for _, it in ipairs(items) do
      local doc = it.documentation
      if type(doc) == 'table' then
        doc = doc.value
      end
      table.insert(results.completion, {
        label = it.label,
        detail = it.detail,
        kind = it.kind,
        insertText = it.insertText,
        newText = it.textEdit and it.textEdit.newText,
        documentation = doc,
      })
    end
  end

  -- Hover on the correctly spelled handler.
  local hover_name = os.getenv('VELO_HOVER') or 'wixBilling_onInvoicePaid'
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    local s = line:find(hover_name, 1, true)
    if s then
      results.hover_at = { line = i - 1, character = s + 2 }
      break
    end
  end
  if results.hover_at then
    local hr = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = results.hover_at }, 10000)
    for _, r in pairs(hr or {}) do
      if r.error then
        results.hover_error = plain(r.error)
      end
      local c = r.result and r.result.contents
      if type(c) == 'table' then
        if c.value then
          c = c.value
        else
          local parts = {}
          for _, p in ipairs(c) do
            table.insert(parts, type(p) == 'table' and p.value or p)
          end
          c = table.concat(parts, '\n')
        end
      end
      results.hover = c
    end
  end
  -- The sample event lens above the handler, run the way a user runs it
  -- (vim.lsp.codelens.run on the handler's line): Neovim calls the plugin's
  -- client command, which fills the unnamed register and opens a JSON buffer.
  if results.hover_at and vim.lsp.codelens then
    vim.api.nvim_win_set_cursor(0, { results.hover_at.line + 1, results.hover_at.character })
    vim.lsp.codelens.refresh()
    results.lenses = vim.wait(10000, function()
      local l = vim.lsp.codelens.get(buf)
      return l ~= nil and #l > 0
    end, 20)
    local titles = {}
    for _, l in ipairs(vim.lsp.codelens.get(buf) or {}) do
      table.insert(titles, l.command and l.command.title or '?')
    end
    results.lens_titles = titles
    vim.fn.setreg('"', '')
    vim.lsp.codelens.run()
    vim.wait(5000, function()
      return vim.fn.getreg('"') ~= ''
    end, 20)
    results.sample_register = vim.fn.getreg('"')
    local sbuf = vim.api.nvim_get_current_buf()
    if sbuf ~= buf then
      results.sample_filetype = vim.bo[sbuf].filetype
      results.sample_buftype = vim.bo[sbuf].buftype
      results.sample_text = table.concat(vim.api.nvim_buf_get_lines(sbuf, 0, -1, false), '\n')
    end
  end
end

-- Run after startup: filetype detection is switched on only after the -u
-- script has been read.
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true, -- so that :edit fires BufRead and FileType
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      results.error = tostring(err)
    end
    finish()
  end,
})
