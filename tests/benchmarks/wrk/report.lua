-- Shared by the mixed load's wrk scripts: done() prints the run's figures as one JSON line (prefix "BENCH ").
threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

local function quote(text)  -- a JSON string
  return '"' .. (string.gsub(text, '[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)) .. '"'
end

function done(summary, latency, requests)
  local e = summary.errors
  local acked, refused, refusal = {}, {}, ""
  for _, t in ipairs(threads) do
    refusal = t:get("refusal") or refusal
    table.insert(acked, tostring(t:get("acked") or 0))
    table.insert(refused, tostring(t:get("refused") or 0))
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"mean_us": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
      .. '"acked": [%s], "refused": [%s], "last_refusal": %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(acked, ", "), table.concat(refused, ", "), quote(refusal)))
end

-- A think time between a connection's requests: exponential around config.pause_ms (0: none), at most 4 s
-- (uvicorn closes a connection idle for 5 s, which wrk would count as a read error).
function delay()
  local mean = config.pause_ms or 0
  if mean <= 0 then return 0 end
  return math.min(4000, math.floor(-math.log(1 - math.random()) * mean))
end
