-- The call-back POST for wrk (benchmarks/bench.py): every request is a new patient, with a phone
-- number and an address of its own, sending the form as a browser does once it is filled in.
-- What is the same for every patient comes from the environment, set by bench.py from the form
-- a visitor loaded: POST_FIELDS (the form's fields, URL-encoded, without the phone), POST_COOKIE
-- (the cookies that page set, if any), POST_ORIGIN (https://host), POST_PHONE (the start of the
-- phone numbers, URL-encoded: each thread adds a digit of its own and a four-digit count).
-- An answer counts as accepted when it is the redirect to the thanks page that promises the
-- call (its "queued" mark), as benchmarks/lead_flood.py counts.

local threads = {}

function setup(thread)
   -- POST_THREAD_DIGIT: this wrk's first thread's digit (several app servers, a wrk each).
   thread:set("digit", tonumber(os.getenv("POST_THREAD_DIGIT") or "0") + #threads)
   table.insert(threads, thread)
end

function init(args)
   sent = 0
   answered = 0
   accepted = 0
   fields = os.getenv("POST_FIELDS")
   phone_start = os.getenv("POST_PHONE") .. digit
   origin = os.getenv("POST_ORIGIN")
   cookie = os.getenv("POST_COOKIE") or ""
end

function request()
   sent = sent + 1
   local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Origin"] = origin,
      ["Referer"] = origin .. "/callback/",
      ["Sec-Fetch-Site"] = "same-origin",
      ["X-Forwarded-Proto"] = "https",
      ["X-Forwarded-For"] = string.format("10.%d.%d.%d", digit, math.floor(sent / 250), sent % 250 + 1),
   }
   if cookie ~= "" then
      headers["Cookie"] = cookie
   end
   local body = fields .. "&phone=" .. phone_start .. string.format("%04d", sent)
   return wrk.format("POST", "/callback/", headers, body)
end

function response(status, headers, body)
   answered = answered + 1
   local location = headers["Location"] or headers["location"] or ""
   if status == 302 and location:find("/callback/thanks/", 1, true) and location:find("queued", 1, true) then
      accepted = accepted + 1
   end
end

function done(summary, latency, requests)
   local totals = { sent = 0, answered = 0, accepted = 0 }
   for _, thread in ipairs(threads) do
      for key, _ in pairs(totals) do
         totals[key] = totals[key] + thread:get(key)
      end
   end
   io.write(string.format("posts: sent %d answered %d accepted %d\n", totals.sent, totals.answered, totals.accepted))
end
