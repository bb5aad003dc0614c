-- Drives a real headless Neovim through prisma-architect's editor features and
-- records what it saw as JSON; tests/editors/test_neovim.py asserts on it.
--
--   timeout 60 nvim --headless --clean -u tests/editors/nvim_e2e.lua SCHEMA
--
-- Environment: PA_RTP (editors/neovim, put on 'runtimepath'), PA_SERVER (the
-- server command, a JSON array; default: the configuration's), PA_SETTINGS (the prismaArchitect settings, a
-- JSON object), PA_API ("native": vim.lsp.config/enable; "setup":
-- require('prisma_architect').setup), PA_LINE / PA_COL (0-based position of the
-- finding), PA_CODE (its rule), PA_TITLE (the code action to choose), PA_OUT
-- (the result file), PA_TIMEOUT_MS (per wait).
--
-- Headless Neovim does not exit on an uncaught error, so everything runs under
-- xpcall and ends in `cquit 2`; the result file is written after each step so
-- a failure shows how far it got.
local uv = vim.uv or vim.loop
local started = uv.hrtime()
local result = { steps = {}, seconds = {} }
local out = assert(os.getenv('PA_OUT'), 'PA_OUT is not set')

local function save()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
end

local function fail(message)
  result.error = tostring(message)
  save()
  io.stderr:write(tostring(message) .. '\n')
  vim.cmd('cquit! 2')
end

local function step(name)
  table.insert(result.steps, name)
  result.seconds[name] = (uv.hrtime() - started) / 1e9 -- since Neovim read this file
  save()
end

local timeout = tonumber(os.getenv('PA_TIMEOUT_MS') or '20000')
local code = os.getenv('PA_CODE')

local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code or lsp.code,
      source = d.source,
      message = d.message,
    })
  end
  table.sort(list, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return list
end

local function has_code(bufnr)
  for _, d in ipairs(diagnostics(bufnr)) do
    if d.code == code then
      return true
    end
  end
  return false
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local v = vim.version()
  result.nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  result.filetype = vim.bo[bufnr].filetype
  result.plugin_loaded = vim.g.loaded_prisma_architect == true -- plugin/prisma_architect.lua

  step('wait for the client')
  vim.wait(timeout, function()
    return #clients(bufnr) > 0 and clients(bufnr)[1].initialized ~= false
  end, 20)
  local client = clients(bufnr)[1]
  if not client then
    fail('no language client attached to ' .. vim.api.nvim_buf_get_name(bufnr))
  end
  result.client = {
    name = client.name,
    offset_encoding = client.offset_encoding,
    root_dir = client.config.root_dir,
    pulls = vim.lsp.protocol.make_client_capabilities().textDocument.diagnostic ~= nil,
  }

  step('wait for diagnostics')
  result.waited_for_diagnostics = vim.wait(timeout, function()
    return has_code(bufnr)
  end, 20)
  result.diagnostics = diagnostics(bufnr)

  local line, col = tonumber(os.getenv('PA_LINE')), tonumber(os.getenv('PA_COL'))
  vim.api.nvim_win_set_cursor(0, { line + 1, col })

  step('hover')
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col } }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, timeout)
  result.hover = { err = err }
  for _, response in pairs(responses or {}) do
    local contents = response.result and response.result.contents
    result.hover = {
      err = response.err and vim.inspect(response.err),
      kind = type(contents) == 'table' and contents.kind or nil,
      value = type(contents) == 'table' and contents.value or contents,
      range = response.result and response.result.range,
    }
  end

  -- The user's path: the code-action menu (vim.ui.select), answered by title.
  step('code action')
  local wanted = os.getenv('PA_TITLE')
  local before = vim.api.nvim_buf_get_changedtick(bufnr)
  result.actions = nil
  vim.ui.select = function(items, opts, on_choice)
    result.actions = {}
    local chosen
    for index, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(result.actions, title)
      if title == wanted and not chosen then
        chosen = index
      end
    end
    save()
    if chosen then
      on_choice(items[chosen], chosen)
    else
      on_choice(nil, nil)
    end
  end
  vim.lsp.buf.code_action()
  result.applied = vim.wait(timeout, function()
    return vim.api.nvim_buf_get_changedtick(bufnr) ~= before
  end, 20)
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n') .. '\n'
  result.modified = vim.bo[bufnr].modified

  step('wait for the finding to go')
  result.finding_gone = vim.wait(timeout, function()
    return not has_code(bufnr)
  end, 20)
  result.diagnostics_after = diagnostics(bufnr)

  step('done')
  vim.cmd('qall!')
end

local ok, err = xpcall(function()
  vim.opt.runtimepath:prepend((assert(os.getenv('PA_RTP'), 'PA_RTP is not set')))
  local overrides = {
    settings = { prismaArchitect = vim.fn.json_decode(os.getenv('PA_SETTINGS') or '{}') },
  }
  if os.getenv('PA_SERVER') then
    overrides.cmd = vim.fn.json_decode(os.getenv('PA_SERVER'))
  end
  if os.getenv('PA_LSP_LOG') then
    vim.lsp.set_log_level(os.getenv('PA_LSP_LOG'))
  end
  result.api = os.getenv('PA_API') or 'native'
  if result.api == 'native' then
    vim.lsp.config('prisma_architect', overrides)
    vim.lsp.enable('prisma_architect')
  else
    require('prisma_architect').setup(overrides)
  end
  vim.api.nvim_create_autocmd('VimEnter', {
    once = true,
    callback = function()
      local ok2, err2 = xpcall(run, debug.traceback)
      if not ok2 then
        fail(err2)
      end
    end,
  })
end, debug.traceback)
if not ok then
  fail(err)
end
