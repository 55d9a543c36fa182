-- wrk script for perf/load-chat.sh: POST /api/v1/chat with many distinct conversations and a
-- rotating set of resident questions. Conversation ids are issued by the server: each wrk thread
-- starts its share of the conversations (CONVERSATIONS / THREADS) with first messages, keeps the
-- ids the answers carry, and walks them round-robin, so consecutive requests of one conversation
-- are that share apart. Environment: CONVERSATIONS (default 5000), THREADS (default 2).

local questions = {
  "cho em hỏi làm giấy khai sinh cho con cần mang những gì ạ",
  "dang ky ket hon can giay to gi",
  "khai tu co mat phi khong",
  "chứng thực bản sao căn cước bao nhiêu tiền",
  "đăng ký tạm trú cho sinh viên thuê trọ ở đâu",
  "xac nhan tinh trang hon nhan lay trong ngay duoc ko",
  "uỷ ban xã làm việc mấy giờ",
  "số điện thoại đường dây nóng của xã",
  "lệ phí bao nhiêu",
  "mất bao lâu",
  "nộp hồ sơ trực tuyến thế nào",
  "làm lại giấy khai sinh bị mất thì sao",
  "chao ad",
  "giá vàng hôm nay bao nhiêu",
  "làm sổ đỏ cho mảnh đất ông bà để lại thế nào",
  "nhận con nuôi cần điều kiện gì",
}

local conversations = tonumber(os.getenv("CONVERSATIONS") or "5000")
local per_thread = math.ceil(conversations / tonumber(os.getenv("THREADS") or "2"))
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local function json_escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
end

function init(args)
  n = 0
  ids = {}
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local id = ids[(n % per_thread) + 1]
  local q = questions[(n % #questions) + 1]
  n = n + 1
  local body
  if id then
    body = '{"conversationId":"' .. id .. '","text":"' .. json_escape(q) .. '"}'
  else
    body = '{"text":"' .. json_escape(q) .. '"}'   -- a new conversation: the answer carries its id
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local id = body and body:match('"conversationId":"([0-9a-f]+)"')
  if id and #ids < per_thread and not seen(id) then
    table.insert(ids, id)
  end
end

function seen(id)
  -- Only while the thread's share is being started: after that no answer brings a new id.
  for _, known in ipairs(ids) do
    if known == id then return true end
  end
  return false
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    -- statuses is a table in the thread's own Lua state: read it key by key.
    for code, c in pairs(t:get("statuses")) do
      total[code] = (total[code] or 0) + c
    end
  end
  io.write("HTTP statuses:")
  for code, c in pairs(total) do io.write(string.format(" %d=%d", code, c)) end
  io.write("\n")
end
