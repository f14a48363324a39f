/*
 * api_openapi.c - GET /api/v1/openapi.json: the OpenAPI 3 description of
 * this API (server/openapi.json, embedded at build time, so the document
 * always matches the binary that serves it). Revalidated with an ETag.
 * Readable from any origin (Access-Control-Allow-Origin: *), as the NL GOV
 * API Design Rules ask of the document; no other route sends that header.
 */
#include <string.h>

#include "api.h"
#include "embedded.h"
#include "http.h"
#include "server.h"

void api_openapi_get(struct kp_request *req)
{
	struct kp_server *srv = kp_req_server(req);
	const char *inm = kp_req_header(req, "If-None-Match");
	kp_reply_header(req, "ETag", srv->openapi_etag);
	kp_reply_header(req, "Cache-Control", "no-cache");
	kp_reply_header(req, "Access-Control-Allow-Origin", "*");
	if (inm && strcmp(inm, srv->openapi_etag) == 0) {
		kp_reply_static(req, 304, NULL, "", 0);
		return;
	}
	kp_reply_static(req, 200, "application/json", kp_openapi_json, kp_openapi_json_len);
}
