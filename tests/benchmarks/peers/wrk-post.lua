-- wrk script for the predictions benchmark: POSTs one JSON body with the API key.
-- WRK_BODY_FILE: path of the request body; WRK_API_KEY: the X-Api-Key value.
local file = assert(io.open(os.getenv("WRK_BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("WRK_API_KEY")
