/* ms-tus-headers.h — the tus 1.0 request headers, parsed (docs/sync-protocol.md §7.4)
 *
 * Pure functions of the header text, GLib only: what a client puts in
 * Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata,
 * Upload-Checksum and Content-Type is read here, once, and fuzzed
 * (fuzz/fuzz-tus.c). ms-tus.c and ms-tus-patch.c act on the result.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_TUS_VERSION            "1.0.0"
/* A header longer than this is refused before it is parsed. */
#define MS_TUS_HEADER_MAX         8192
#define MS_TUS_FILENAME_MAX_BYTES 255

/* Tus-Resumable names the one version served. NULL: FALSE. */
gboolean    ms_tus_headers_version_ok      (const char    *value);

/* Upload-Length (at least 1) and Upload-Offset (at least 0): decimal
 * digits only, within gint64. */
gboolean    ms_tus_headers_parse_length    (const char    *value,
                                            gint64        *length);
gboolean    ms_tus_headers_parse_offset    (const char    *value,
                                            gint64        *offset);

/* Standard base64 with padding, non-empty. */
gboolean    ms_tus_headers_is_base64       (const char    *text);

/* Upload-Metadata: "key base64,key base64,key"; key → decoded value ("" for
 * a key alone). NULL when malformed: a key twice, an empty key, bad base64,
 * a value that is not UTF-8 or holds NUL. */
GHashTable *ms_tus_headers_parse_metadata  (const char    *value);

/* Upload-Checksum: "sha256 <base64 of 32 bytes>" or "sha1 <base64 of 20>". */
gboolean    ms_tus_headers_parse_checksum  (const char    *value,
                                            GChecksumType *type,
                                            guint8         digest[32],
                                            gsize         *digest_len);

/* The PATCH Content-Type (as soup_message_headers_get_content_type gives it). */
gboolean    ms_tus_headers_patch_type_ok   (const char    *value);

/* Upload-Metadata's filename: 1–255 bytes, no '/', no control character. */
gboolean    ms_tus_headers_filename_ok     (const char    *name);

/* Upload-Metadata's filetype: PDF, JPEG, PNG, or application/octet-stream. */
gboolean    ms_tus_headers_filetype_ok     (const char    *type);

G_END_DECLS
