-- wrk script for bench/load.sh: POST queryOrder through the proxy with a bearer token,
-- cycling through the first pages so the upstream does real work, and counting answers
-- that are HTTP 200 but not the upstream's success code "0000" (wrk cannot see those).
-- The token comes from the environment: BENCH_TOKEN.

local token = os.getenv("BENCH_TOKEN")
local threads = {}
local page = 0
bad = 0

function setup(thread)
  table.insert(threads, thread)
end

function request()
  page = page % 10 + 1
  local body = '{"device_id":null,"order_id":null,"order_status":null,"page_no":' .. page .. ',"page_size":20}'
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 200 and not string.find(body, '"code":"0000"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
  end
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d not_0000=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout, total_bad))
end
