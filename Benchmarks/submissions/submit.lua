-- wrk script: every request is a new, complete response with a unique id, from one of
-- several venues and rater groups. Set by the runner: SLUG in the environment.
local slug = os.getenv("SLUG")
local venues = {"hefei", "wuhu", "bengbu", "anqing", "huangshan", "fuyang"}
local groups = {"attendees", "attendees", "attendees", "leaders", "public"}
local counter = 0

local function uuid()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(template, "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

-- SEED (set by the runner) keeps two wrk processes against two servers apart.
math.randomseed(tonumber(os.getenv("SEED") or "") or os.time())

function setup(thread)
  thread:set("seed", math.random(1, 2^30))
end

function init(args)
  math.randomseed(seed or os.time())
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"id":"%s","venue":"%s","raterGroup":"%s","locale":"zh","answers":{' ..
    '"necessity":"necessary","notice":%d,"punctuality":"on-time","time-control":%d,"audio":%d,' ..
    '"video":4,"signal":"stable","venue-attendance":"all","venue-discipline":%d,"speech-brevity":3,' ..
    '"relevance":4,"task-clarity":%d,"follow-up":"na","worth":"well-worth"}}',
    uuid(), venues[math.random(#venues)], groups[math.random(#groups)],
    math.random(3, 5), math.random(2, 5), math.random(3, 5), math.random(3, 5), math.random(3, 5))
  return wrk.format("POST", "/api/public/evaluations/" .. slug .. "/responses",
    {["Content-Type"] = "application/json"}, body)
end
