-- Drives Neovim 0.7's built-in LSP client against pyassist, headless.
-- Environment: PYASSIST_CMD (JSON list: the server command), PYASSIST_FILE (Python file to open),
-- PYASSIST_OUT (where to write what Neovim received, as JSON).
local cmd = vim.fn.json_decode(os.getenv('PYASSIST_CMD'))
local file = os.getenv('PYASSIST_FILE')
local out = os.getenv('PYASSIST_OUT')
local result = { phases = {} }

local function snapshot(name)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(items, { lnum = d.lnum, col = d.col, message = d.message, severity = d.severity,
      source = d.source })
  end
  result.phases[name] = items
end

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local client_id = vim.lsp.start_client({
  name = 'pyassist',
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
  on_exit = function(code) result.exit_code = code end,
})
vim.lsp.buf_attach_client(0, client_id)

result.opened = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
snapshot('opened')

-- Fix the file in the buffer (adds the missing ':'); the client sends an incremental didChange.
local line = vim.api.nvim_buf_get_lines(0, 2, 3, false)[1]
vim.api.nvim_buf_set_lines(0, 2, 3, false, { line .. ':' })
result.fixed = vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 50)
snapshot('fixed')

vim.lsp.stop_client(client_id)
vim.wait(10000, function() return result.exit_code ~= nil end, 50)
finish()
