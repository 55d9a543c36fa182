-- wrk script for perf/load-chat.sh: the same kind of request against POST /bench/constant.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"conversationId":"load-0","text":"khai sinh"}'
