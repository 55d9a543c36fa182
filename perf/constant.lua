-- wrk script for perf/load-chat.sh: the same kind of request against POST /bench/constant.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":"khai sinh"}'
