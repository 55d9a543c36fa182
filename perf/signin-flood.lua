-- wrk script for perf/signin-flood.sh: GET /api/v1/tickets signed in as FLOOD_USER (default
-- admin) with a wrong password, every request a password hash on the server.
local user = os.getenv("FLOOD_USER") or "admin"

function init(args)
  statuses = {}
  wrk.method = "GET"
  wrk.headers["Accept"] = "application/json"
end

local b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function base64(data)
  return ((data:gsub('.', function(x)
    local r, b = '', x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d?%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b64chars:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
end

local n = 0
function request()
  n = n + 1
  wrk.headers["Authorization"] = "Basic " .. base64(user .. ":wrong-password-" .. n)
  return wrk.format(nil, "/api/v1/tickets")
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("Flood: %d requests, %d errors\n", summary.requests, summary.errors.status + summary.errors.timeout))
end
