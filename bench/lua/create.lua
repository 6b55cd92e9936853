-- Create a snapshot, then delete it: the API allows 5 snapshots per server, so a run of
-- thousands of creates must take them away again. Each response to a create queues the new
-- snapshot's id, and the next request of the thread deletes the oldest queued id; a create is
-- sent only while nothing waits to be deleted. So at most about one snapshot per connection
-- is alive at any moment, and creates go round-robin over the bench seed's servers, which are
-- many more than the connections, so that no server comes near its limit. Names are unique
-- (run tag, thread and counter; a run leaves behind at most the creates in flight when it
-- stopped), so no create is refused as a duplicate. Every server answers the same mix: half
-- creates (201), half deletes (204).
--
-- Arguments (after wrk's "--"): FIRST_SERVER_ID SERVER_COUNT RUN_TAG.

local first_server, server_count, run_tag, thread_id
local counter = 0
local pending = {}
local head, tail = 1, 0
local threads = {}

-- setup() runs in wrk's main Lua state; thread:set() leaves a global in the thread's own.
setup = function(thread)
  thread:set("bench_thread", #threads)
  table.insert(threads, thread)
end

init = function(args)
  first_server = tonumber(args[1])
  server_count = tonumber(args[2])
  run_tag = args[3]
  thread_id = bench_thread or 0
end

local create_headers = {
  ["Authorization"] = "Bearer YOUR_API_TOKEN",
  ["Content-Type"] = "application/json",
}
local delete_headers = { ["Authorization"] = "Bearer YOUR_API_TOKEN" }

request = function()
  if head <= tail then
    local id = pending[head]
    pending[head] = nil
    head = head + 1
    return wrk.format("DELETE", "/api/v1/snapshots/" .. id .. "/", delete_headers)
  end
  counter = counter + 1
  local server = first_server + (counter % server_count)
  local body = string.format(
    '{"server_id": %d, "name": "bench-%s-%d-%d", "description": "Benchmark snapshot"}',
    server, run_tag, thread_id, counter
  )
  return wrk.format("POST", "/api/v1/snapshots/", create_headers, body)
end

response = function(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":%s*(%d+)')
    if id then
      tail = tail + 1
      pending[tail] = id
    end
  end
end
