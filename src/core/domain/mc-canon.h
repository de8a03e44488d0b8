/* mc-canon.h — canonical JSON and the body hash (docs/sync-protocol.md §6)
 *
 * Desk and server decide "same body" the same way: the SHA-256 of the
 * canonical form. Object members whose value is null are dropped at every
 * depth, every string (names and values) is normalised to NFC, members are
 * sorted by name (byte order), no whitespace, RFC 8785 string escapes,
 * integers only.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MC_CANON_ERROR (mc_canon_error_quark ())
GQuark mc_canon_error_quark (void);

typedef enum
{
  MC_CANON_ERROR_INVALID,   /* not JSON, a fraction, a null in an array, … */
} McCanonError;

/* The canonical bytes of @node (not NUL-terminated in the GBytes' size). */
GBytes *mc_canon_from_node   (JsonNode    *node,
                              GError     **error);
/* Parses @data (UTF-8 JSON text) with mc_json_parse () under the body cap
 * (MC_LIMIT_BODY_SIZE): a member name twice in one object, nesting deeper
 * than 64, trailing text or a NUL in a text are refused. */
JsonNode *mc_canon_parse     (const char  *data,
                              gssize       length,
                              GError     **error);
/* Parses @data (UTF-8 JSON text) and canonicalises it. */
GBytes *mc_canon_from_data   (const char  *data,
                              gssize       length,
                              GError     **error);
/* Lower-case hex SHA-256 of @bytes. */
char   *mc_canon_sha256_hex  (GBytes      *bytes);

G_END_DECLS
