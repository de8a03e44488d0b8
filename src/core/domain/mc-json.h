/* mc-json.h — the one reader of JSON that comes from outside
 *
 * Every JSON input (PUT bodies, intake files, catalogs, holiday data, a
 * server's answers) goes through mc_json_parse (): its size is capped by
 * the caller's limit (mc-limits.h), and a first pass over the bytes —
 * without recursion — refuses nesting deeper than MC_LIMIT_JSON_DEPTH,
 * anything after the value, comments, a NUL (\u0000) or raw control
 * character in a text, before json-glib (whose parser recurses) sees it.
 * A member name that appears twice in one object is refused too.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MC_JSON_ERROR (mc_json_error_quark ())
GQuark mc_json_error_quark (void);

typedef enum
{
  MC_JSON_ERROR_INVALID,    /* not JSON, trailing content, NUL, duplicate member */
  MC_JSON_ERROR_TOO_LARGE,  /* over the caller's size cap */
  MC_JSON_ERROR_TOO_DEEP,   /* nested deeper than MC_LIMIT_JSON_DEPTH */
} McJsonError;

/* Checks the bytes of @data without building anything (the first pass of
 * mc_json_parse). @length < 0: NUL-terminated. */
gboolean  mc_json_check      (const char   *data,
                              gssize        length,
                              gsize         max_size,
                              GError      **error);
/* Parses @data into a tree after mc_json_check (). */
JsonNode *mc_json_parse      (const char   *data,
                              gssize        length,
                              gsize         max_size,
                              GError      **error);
/* The same for a GBytes (a server's answer, a request body). */
JsonNode *mc_json_parse_bytes (GBytes      *bytes,
                               gsize        max_size,
                               GError     **error);
/* Reads a whole file, refusing it as soon as it passes @max_size bytes (so
 * /dev/zero or a FIFO cannot fill memory). The result is NUL-terminated;
 * *@length (nullable) gets its size. */
char     *mc_json_read_file  (const char   *path,
                              gsize         max_size,
                              gsize        *length,
                              GError      **error);
/* The same from a stream; @name (a path, or "standard input") is for the
 * message. */
char     *mc_json_read_stream (GInputStream *in,
                               const char   *name,
                               gsize         max_size,
                               gsize        *length,
                               GError      **error);

/* Adds member @name: the string @value, or null when @value is NULL. */
void      mc_json_add_string_or_null (JsonBuilder *builder,
                                      const char  *name,
                                      const char  *value);

G_END_DECLS
