-- POSTs the bodies of a file (one a line) in order, wrapping around when they run out, and prints the
-- figures as one JSON line prefixed "BENCH_JSON ". Arguments: bodies file, content type, then
-- optional extra headers as "name: value".
local bodies = {}
local count = 0
local sent = 0
local headers = {}

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      count = count + 1
      bodies[count] = line
    end
  end
  headers["Content-Type"] = args[2]
  for i = 3, #args do
    local name, value = string.match(args[i], "^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
end

function request()
  sent = sent + 1
  return wrk.format("POST", nil, headers, bodies[((sent - 1) % count) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"micros":%d,"p50":%d,"p99":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
