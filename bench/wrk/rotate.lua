-- wrk script: request the paths listed in a file (one per line), in turn, e.g. many
-- different search queries. Usage: wrk ... -s rotate.lua URL -- PATHS_FILE
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local paths = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  -- Each wrk thread starts at a different place in the list.
  next_index = math.random(#paths) - 1
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format(nil, paths[next_index])
end
