-- Readers for the mixed load (tests/benchmarks/bench_mixed.py): each request one of the config's paths at random
-- (contract status of a random contract, the overview's first page, the overdue meetings' first page).
-- wrk -t T -c N -s reads.lua URL -- CONFIG   (CONFIG: a Lua file returning {token, paths = {...}})
dofile((string.gsub(debug.getinfo(1, "S").source:sub(2), "reads.lua$", "report.lua")))

function init(args)
  config = dofile(args[1])
  math.randomseed(id)
  acked, refused = 0, 0
  headers = { ["Authorization"] = "Bearer " .. config.token }
end

function request()
  return wrk.format("GET", config.paths[math.random(#config.paths)], headers)
end

function response(status, headers, body)
  if status == 200 then acked = acked + 1 else
    refused = refused + 1
    refusal = status .. " " .. string.sub(body or "", 1, 300)
  end
end
