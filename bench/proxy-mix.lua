-- wrk script: the read-only query mix a dashboard sends, in rotation: a page of CDRs, a page of
-- the catalogue, a device, a page of orders. The bearer token is what cmp-proxy needs; the
-- simulator and nginx ignore it. BENCH_TOKEN comes from the environment.
local token = os.getenv("BENCH_TOKEN") or ""
local today = os.date("!%Y-%m-%d")
local week_ago = os.date("!%Y-%m-%d", os.time() - 6 * 86400)
local json = "application/json"
local requests = {}

init = function(args)
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = json }
  requests = {
    wrk.format("GET", "/cmp-api/sims/89852202310161621658/cdr?received_start_time=" .. week_ago
      .. "&received_end_by=" .. today .. "&page_no=1&page_size=20", headers),
    wrk.format("POST", "/cmp-api/package/syncPackages", headers,
      '{"page_no":1,"page_size":10,"version":1.0}'),
    wrk.format("POST", "/cmp-api/device/queryDevice", headers,
      '{"device_id":"89852202310161621658"}'),
    wrk.format("POST", "/cmp-api/package/queryOrder", headers,
      '{"device_id":null,"order_id":null,"order_status":null,"page_no":1,"page_size":10}'),
  }
end

local n = 0
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end

-- Any non-2xx answer means the comparison is off: say so loudly.
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
