-- wrk script: GET /api/stories/{id} for ids read from the file named by
-- the first script argument, one id per line, picked at random.
local ids = {}

function init(args)
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
end

function request()
  return wrk.format("GET", "/api/stories/" .. ids[math.random(#ids)])
end
