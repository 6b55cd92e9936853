-- List one server's snapshots (the page's GET /api/v1/snapshots/?server_id=12345): the same
-- request every time, so wrk sends it from a buffer made once.
wrk.method = "GET"
wrk.path = "/api/v1/snapshots/?server_id=12345"
wrk.headers["Authorization"] = "Bearer YOUR_API_TOKEN"
