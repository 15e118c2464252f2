-- Writers for the mixed load (tests/benchmarks/bench_mixed.py): thread i books expenses on ledger i alone,
-- with If-Match the version its last answer gave and a fresh Idempotency-Key per request.
-- wrk -t N -c N -s writes.lua URL -- CONFIG   (CONFIG: a Lua file returning {token, run, ledgers = {...}})
dofile((string.gsub(debug.getinfo(1, "S").source:sub(2), "writes.lua$", "report.lua")))

function init(args)
  config = dofile(args[1])
  ledger = config.ledgers[id]
  version = ledger.version
  sent, acked, refused = 0, 0, 0
  math.randomseed(100 + id)
end

function request()
  sent = sent + 1
  local body = string.format('{"booked_on": "%s", "amount": 100, "text": "bench %s w%d n%d"}',
    ledger.day, config.run, id, sent)
  local headers = {
    ["Authorization"] = "Bearer " .. config.token,
    ["Content-Type"] = "application/json",
    ["If-Match"] = '"' .. version .. '"',
    ["Idempotency-Key"] = string.format("%s-w%d-n%d", config.run, id, sent),
  }
  return wrk.format("POST", ledger.path, headers, body)
end

function response(status, headers, body)
  if status == 201 then
    acked = acked + 1
    version = tonumber(string.match(headers["etag"] or headers["ETag"], "%d+"))
  else
    refused = refused + 1
    refusal = status .. " " .. string.sub(body or "", 1, 300)
    sent = sent - 1 -- not recorded: the next request books this number again
  end
end
