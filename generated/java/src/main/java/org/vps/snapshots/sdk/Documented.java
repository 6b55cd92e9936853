// Written by scripts/targets/java.py from openapi/openapi.yaml: the facts of the document that
// the hand-written layer reads. Never edit it by hand.
package org.vps.snapshots.sdk;

import java.util.List;
import java.util.Map;
import java.util.Set;

final class Documented {
    private Documented() {}

    /** The document's first server. */
    static final String DEFAULT_BASE_URL = "https://admin.vps.org";

    /** The document's closed list of error codes (a newer server may send others). */
    static final Set<String> ERROR_CODES = Set.of(
            "invalid_parameters",
            "snapshot_limit_reached",
            "duplicate_snapshot_name",
            "invalid_state",
            "unauthorized",
            "server_not_found",
            "snapshot_not_found",
            "not_found",
            "method_not_allowed",
            "payload_too_large",
            "unsupported_media_type",
            "request_timeout",
            "request_header_fields_too_large",
            "service_unavailable"
    );

    /** Each operation's documented statuses, by operationId. */
    static final Map<String, List<Integer>> STATUSES = Map.ofEntries(
            Map.entry("listSnapshots", List.of(200, 400, 401, 408, 431, 503)),
            Map.entry("createSnapshot", List.of(201, 400, 401, 404, 408, 413, 415, 431, 503)),
            Map.entry("deleteSnapshot", List.of(204, 400, 401, 404, 408, 431, 503)),
            Map.entry("restoreSnapshot", List.of(200, 400, 401, 404, 408, 431, 503))
    );
}
