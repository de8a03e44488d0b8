/* mc-sync-tus.c — attachments by tus 1.0 (docs/sync-protocol.md §7.4)
 *
 * The file is read chunk by chunk from the blob store, so memory is
 * bounded by the chunk size, never by the file. The upload URL of a file
 * of MC_SYNC_TUS_RESUME_MIN bytes or more is stored durably before the
 * first PATCH: after a crash the same upload resumes at the server's
 * offset (HEAD), so at most one chunk is sent twice. A smaller file (most
 * scanned papers: 30–300 KB) is sent again whole after a crash instead; a
 * URL kept for it would cost two writes to the store per file, more than
 * sending it again costs on the slowest commune link. Within one run,
 * every upload resumes after a cut, whatever its size.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <nettle/sha2.h>

#include "mc-sha256.h"
#include "mc-sync-engine-private.h"
#include "mc-sync-private.h"

#define MIN_CHUNK           (256 * 1024)
#define DEFAULT_CHUNK       (8 * 1024 * 1024)
#define MAX_CHECKSUM_FAILS  3
#define MAX_SHA_FAILS       2
#define MAX_CONFLICTS       5
#define MIN_CUT_CHUNK       (64 * 1024)
#define DAMAGED_MESSAGE     _("The attachment file on this computer is damaged: scan or attach it again")

gsize
mc_sync_tus_chunk_size (gint64 suggested,
                        gint64 max)
{
  const char *env = g_getenv ("MOTCUA_SYNC_CHUNK_SIZE");
  gint64 size;

  if (env != NULL && *env != '\0')
    {
      gint64 v = g_ascii_strtoll (env, NULL, 10);
      /* Tests use small chunks: the override is taken as it is. */
      if (v > 0)
        return (gsize) (max > 0 ? MIN (v, max) : v);
    }
  size = suggested > 0 ? suggested : DEFAULT_CHUNK;
  if (max > 0)
    size = MIN (size, max);
  size = MAX (size, MIN (MIN_CHUNK, max > 0 ? max : MIN_CHUNK));
  return (gsize) size;
}

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static char *
build_metadata (const McTusFile *file)
{
  g_autofree char *name = b64 (file->name);
  g_autofree char *type = b64 (file->mime_type);
  g_autofree char *sha = b64 (file->sha256);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "filename %s,filetype %s,sha256 %s", name, type, sha);
  if (file->dossier_uuid != NULL)
    {
      g_autofree char *uuid = b64 (file->dossier_uuid);
      g_string_append_printf (s, ",dossier_uuid %s", uuid);
    }
  return g_string_free (s, FALSE);
}

static McSyncResponse *
local_failure (McSyncClass  klass,
               const char  *message)
{
  McSyncResponse *r = g_new0 (McSyncResponse, 1);

  r->klass = klass;
  r->retry_after = -1;
  r->message = g_strdup (message);
  return r;
}

static gint64
header_int (McSyncResponse *r,
            const char     *name)
{
  const char *v = r->headers != NULL ? soup_message_headers_get_one (r->headers, name) : NULL;
  char *end = NULL;
  gint64 n;

  if (v == NULL)
    return -1;
  n = g_ascii_strtoll (v, &end, 10);
  return end == v || n < 0 ? -1 : n;
}

typedef struct
{
  McSyncHttp      *http;
  McStore         *store;
  GUri            *endpoint;
  const McTusFile *file;
  char           **url;        /* the current upload URL (nullable) */
  GCancellable    *cancellable;
  gboolean         stored;     /* the store keeps *url for the file */
} Upload;

static void
forget_stored (Upload *u)
{
  g_autoptr(GError) error = NULL;

  if (!u->stored)
    return;
  if (!mc_store_tus_forget (u->store, u->file->sha256, mc_sync_http_get_origin (u->http), &error))
    g_warning ("Forgetting an upload URL: %s", error->message);
  u->stored = FALSE;
}

static void
forget_url (Upload *u)
{
  g_clear_pointer (u->url, g_free);
  forget_stored (u);
}

/* POST: a new upload; the URL of a file worth resuming after a crash is
 * stored before any byte is sent. */
static McSyncResponse *
create_upload (Upload *u)
{
  g_autoptr(SoupMessageHeaders) extra = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, u->file->size);
  g_autofree char *meta = build_metadata (u->file);
  g_autoptr(GUri) location = NULL;
  g_autoptr(GError) error = NULL;
  McSyncResponse *r;
  const char *loc;

  soup_message_headers_replace (extra, "Upload-Length", length);
  soup_message_headers_replace (extra, "Upload-Metadata", meta);
  r = mc_sync_http_send (u->http, MC_SYNC_REQUEST_TUS_CREATE, "POST", u->endpoint, extra, NULL, NULL,
                         u->cancellable);
  if (r->klass != MC_SYNC_CLASS_OK)
    return r;

  loc = soup_message_headers_get_one (r->headers, "Location");
  if (loc != NULL)
    location = mc_sync_http_resolve (u->http, u->endpoint, loc, &error);
  if (location == NULL)
    {
      r->klass = MC_SYNC_CLASS_TRANSIENT;
      g_free (r->message);
      r->message = g_strdup (_("The server created an upload without saying where it is"));
      return r;
    }
  g_free (*u->url);
  *u->url = g_uri_to_string (location);
  if (u->store != NULL && u->file->size >= MC_SYNC_TUS_RESUME_MIN)
    {
      if (!mc_store_tus_set (u->store, u->file->sha256, mc_sync_http_get_origin (u->http), *u->url,
                             u->file->size, &error))
        {
          mc_sync_response_free (r);
          return local_failure (MC_SYNC_CLASS_TRANSIENT, error->message);
        }
      u->stored = TRUE;
    }
  g_debug ("Upload of %.12s created", u->file->sha256);
  return r;
}

/* HEAD: where the server's copy ends. Sets *@offset, or *@offset = -1
 * when the upload is gone (URL forgotten). */
static McSyncResponse *
head_upload (Upload *u,
             gint64 *offset)
{
  g_autoptr(GUri) uri = g_uri_parse (*u->url, G_URI_FLAGS_ENCODED, NULL);
  McSyncResponse *r;

  *offset = -1;
  if (uri == NULL)
    {
      forget_url (u);
      return local_failure (MC_SYNC_CLASS_OK, NULL);
    }
  r = mc_sync_http_send (u->http, MC_SYNC_REQUEST_TUS_HEAD, "HEAD", uri, NULL, NULL, NULL, u->cancellable);
  if (r->klass == MC_SYNC_CLASS_RESUMABLE)
    {
      forget_url (u);
      r->klass = MC_SYNC_CLASS_OK;
      return r;
    }
  if (r->klass != MC_SYNC_CLASS_OK)
    return r;
  *offset = header_int (r, "Upload-Offset");
  if (*offset < 0 || *offset > u->file->size ||
      (header_int (r, "Upload-Length") >= 0 && header_int (r, "Upload-Length") != u->file->size))
    {
      /* Not an upload of this file: start again. */
      *offset = -1;
      forget_url (u);
    }
  return r;
}

static GBytes *
read_chunk (GInputStream  *in,
            gint64         offset,
            gsize          length,
            GCancellable  *cancellable,
            GError       **error)
{
  guchar *buf;
  gsize got = 0;

  if (!g_seekable_seek (G_SEEKABLE (in), offset, G_SEEK_SET, cancellable, error))
    return NULL;
  buf = g_malloc (length);
  if (!g_input_stream_read_all (in, buf, length, &got, cancellable, error))
    {
      g_free (buf);
      return NULL;
    }
  if (got != length)
    {
      g_free (buf);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, _("The attachment file is shorter than recorded"));
      return NULL;
    }
  return g_bytes_new_take (buf, length);
}

/* Nettle, not GChecksum: GLib's SHA-256 is portable C (60-90 MB/s on this
 * 2-core machine under load), nettle's uses the CPU's SHA instructions
 * where it has them (500-1 400 MB/s); each 8 MiB chunk is hashed once. */
static char *
chunk_checksum (GBytes *chunk)
{
  struct sha256_ctx sum;
  guint8 digest[SHA256_DIGEST_SIZE];
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  g_autofree char *enc = NULL;

  sha256_init (&sum);
  sha256_update (&sum, size, data);
  sha256_digest (&sum, sizeof digest, digest);
  enc = g_base64_encode (digest, sizeof digest);
  return g_strdup_printf ("sha256 %s", enc);
}

static McSyncResponse *
patch_chunk (Upload   *u,
             gint64    offset,
             GBytes   *chunk,
             gboolean  send_checksum)
{
  g_autoptr(SoupMessageHeaders) extra = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GUri) uri = g_uri_parse (*u->url, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *off = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  soup_message_headers_replace (extra, "Upload-Offset", off);
  g_debug ("PATCH %.12s at %" G_GINT64_FORMAT ", %" G_GSIZE_FORMAT " bytes", u->file->sha256, offset,
           g_bytes_get_size (chunk));
  if (send_checksum)
    {
      g_autofree char *sum = chunk_checksum (chunk);
      soup_message_headers_replace (extra, "Upload-Checksum", sum);
    }
  return mc_sync_http_send (u->http, MC_SYNC_REQUEST_TUS_PATCH, "PATCH", uri, extra,
                            "application/offset+octet-stream", chunk, u->cancellable);
}

/* 422 sha256_mismatch: is our own copy damaged? */
static gboolean
local_copy_damaged (const McTusFile *file)
{
  g_autoptr(GFile) f = g_file_new_for_path (file->path);
  g_autoptr(GFileInputStream) in = g_file_read (f, NULL, NULL);
  g_autofree char *sha256 = in != NULL ? mc_sha256_stream (G_INPUT_STREAM (in), NULL, NULL, NULL) : NULL;

  return sha256 == NULL || g_strcmp0 (sha256, file->sha256) != 0;
}

static McSyncResponse *
upload (McSyncHttp      *http,
        McStore         *store,
        GUri            *endpoint,
        const McTusFile *file,
        char           **upload_url,
        gsize           *chunk_size,
        gboolean         send_checksum,
        McTusProgress    progress,
        gpointer         user_data,
        GCancellable    *cancellable)
{
  g_autofree char *local_url = NULL;
  Upload u = { http, store, endpoint, file, upload_url != NULL ? upload_url : &local_url, cancellable, FALSE };
  g_autoptr(GFile) gfile = g_file_new_for_path (file->path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  guint checksum_fails = 0, sha_fails = 0, conflicts = 0;
  gint64 offset = -1;

  in = g_file_read (gfile, cancellable, &error);
  if (in == NULL)
    return local_failure (MC_SYNC_CLASS_PERMANENT,
                          _("The attachment file on this PC cannot be read; scan the paper again"));

  /* Whatever the size (an older version stored every URL), and even when
   * the caller knows the URL from a cut earlier in this process: the row
   * goes when the upload is complete. */
  if (store != NULL)
    {
      g_autofree char *kept = mc_store_tus_get (store, file->sha256, mc_sync_http_get_origin (http));

      u.stored = kept != NULL;
      if (*u.url == NULL)
        *u.url = g_steal_pointer (&kept);
    }

  for (;;)
    {
      g_autoptr(McSyncResponse) r = NULL;
      g_autoptr(GBytes) chunk = NULL;
      gint64 new_offset;

      if (g_cancellable_is_cancelled (cancellable))
        return local_failure (MC_SYNC_CLASS_CANCELLED, NULL);

      if (*u.url == NULL)
        {
          r = create_upload (&u);
          if (r->klass != MC_SYNC_CLASS_OK)
            return g_steal_pointer (&r);
          g_clear_pointer (&r, mc_sync_response_free);
          offset = 0;
        }
      else if (offset < 0)
        {
          r = head_upload (&u, &offset);
          if (r->klass != MC_SYNC_CLASS_OK)
            return g_steal_pointer (&r);
          g_clear_pointer (&r, mc_sync_response_free);
          if (offset < 0)
            continue;   /* gone: create a new one */
          g_debug ("Upload of %.12s resumes at %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
                   file->sha256, offset, file->size);
          if (progress != NULL && offset > 0)
            progress (offset, TRUE, user_data);
        }

      if (offset >= file->size)
        {
          /* Complete: an attachment now; the URL is kept for the caller. */
          forget_stored (&u);
          return local_failure (MC_SYNC_CLASS_OK, NULL);
        }

      chunk = read_chunk (G_INPUT_STREAM (in), offset, (gsize) MIN ((gint64) *chunk_size, file->size - offset),
                          cancellable, &error);
      if (chunk == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return local_failure (MC_SYNC_CLASS_CANCELLED, NULL);
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            return local_failure (MC_SYNC_CLASS_PERMANENT, DAMAGED_MESSAGE);
          return local_failure (MC_SYNC_CLASS_PERMANENT,
                                _("The attachment file on this PC cannot be read; scan the paper again"));
        }

      r = patch_chunk (&u, offset, chunk, send_checksum);
      switch (r->klass)
        {
        case MC_SYNC_CLASS_OK:
          checksum_fails = 0;
          new_offset = header_int (r, "Upload-Offset");
          if (new_offset < 0)
            new_offset = offset + (gint64) g_bytes_get_size (chunk);
          if (progress != NULL && new_offset > offset)
            progress (new_offset - offset, FALSE, user_data);
          offset = new_offset;
          break;

        case MC_SYNC_CLASS_RESUMABLE:
          if (r->status == 460)
            {
              if (++checksum_fails >= MAX_CHECKSUM_FAILS)
                {
                  r->klass = MC_SYNC_CLASS_TRANSIENT;
                  return g_steal_pointer (&r);
                }
            }
          else if (r->status == 409)
            {
              if (++conflicts > MAX_CONFLICTS)
                {
                  r->klass = MC_SYNC_CLASS_TRANSIENT;
                  return g_steal_pointer (&r);
                }
              offset = -1;
            }
          else if (r->status == 413)
            {
              if (*chunk_size <= 1024)
                {
                  r->klass = MC_SYNC_CLASS_PERMANENT;
                  return g_steal_pointer (&r);
                }
              *chunk_size /= 2;
              g_debug ("Chunk too large; now %" G_GSIZE_FORMAT " bytes", *chunk_size);
            }
          else if (r->status == 422)
            {
              /* sha256_mismatch: the server deleted the upload (§7.4). */
              forget_url (&u);
              if (local_copy_damaged (file))
                {
                  McSyncResponse *damaged = local_failure (MC_SYNC_CLASS_PERMANENT, DAMAGED_MESSAGE);

                  /* The server's answer: refused, nothing stored, so the
                   * clerk's fix may rebuild the same revision (§9.1). */
                  damaged->status = r->status;
                  damaged->code = g_strdup (r->code);
                  damaged->field = g_strdup ("attachments");
                  damaged->request_id = g_strdup (r->request_id);
                  return damaged;
                }
              g_debug ("Upload of %.12s did not hash to its name on the server; uploading it again",
                       file->sha256);
              if (++sha_fails >= MAX_SHA_FAILS)
                {
                  r->klass = MC_SYNC_CLASS_TRANSIENT;
                  return g_steal_pointer (&r);
                }
            }
          else
            forget_url (&u);   /* 404/410: the upload is gone */
          break;

        case MC_SYNC_CLASS_UNREACHABLE:
          /* Cut mid-chunk: smaller chunks lose less next time. */
          if (*chunk_size > MIN_CUT_CHUNK)
            *chunk_size = MAX (*chunk_size / 2, MIN_CUT_CHUNK);
          return g_steal_pointer (&r);

        default:
          return g_steal_pointer (&r);
        }
    }
}

/* The URLs of uploads cut short in this process and not kept in the store
 * (small files): the next attempt, in a later run of the agent too,
 * resumes them where the server has them, so a link that drops every few
 * hundred kilobytes still gets a file through. Bounded: a file is worth
 * one entry until it is complete. */
#define MAX_CUT_SHORT 1024

G_LOCK_DEFINE_STATIC (cut_short);
static GHashTable *cut_short;   /* "origin sha256" → URL */

static char *
cut_short_take (const char *key)
{
  char *url = NULL;

  G_LOCK (cut_short);
  if (cut_short != NULL)
    {
      g_autofree char *stolen = NULL;
      g_hash_table_steal_extended (cut_short, key, (gpointer *) &stolen, (gpointer *) &url);
    }
  G_UNLOCK (cut_short);
  return url;
}

static void
cut_short_keep (const char *key,
                const char *url)
{
  G_LOCK (cut_short);
  if (cut_short == NULL)
    cut_short = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_hash_table_size (cut_short) >= MAX_CUT_SHORT)
    g_hash_table_remove_all (cut_short);
  g_hash_table_replace (cut_short, g_strdup (key), g_strdup (url));
  G_UNLOCK (cut_short);
}

McSyncResponse *
mc_sync_tus_upload (McSyncHttp      *http,
                    McStore         *store,
                    GUri            *endpoint,
                    const McTusFile *file,
                    char           **upload_url,
                    gsize           *chunk_size,
                    gboolean         send_checksum,
                    McTusProgress    progress,
                    gpointer         user_data,
                    GCancellable    *cancellable)
{
  g_autofree char *local_url = NULL;
  char **url = upload_url != NULL ? upload_url : &local_url;
  g_autofree char *key = g_strconcat (mc_sync_http_get_origin (http), " ", file->sha256, NULL);
  McSyncResponse *r;

  if (*url == NULL)
    *url = cut_short_take (key);
  r = upload (http, store, endpoint, file, url, chunk_size, send_checksum, progress, user_data, cancellable);
  if (r->klass != MC_SYNC_CLASS_OK && *url != NULL)
    cut_short_keep (key, *url);
  return r;
}

/* --- motcua upload-file ----------------------------------------------------- */

static char *
file_sha256 (GFile         *file,
             gint64        *size,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);

  if (in == NULL)
    return NULL;
  return mc_sha256_stream (G_INPUT_STREAM (in), size, cancellable, error);
}

static char *
guess_type (GFile *file)
{
  static const char *allowed[] = { "application/pdf", "image/jpeg", "image/png" };
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *ctype = NULL;
  g_autofree char *mime = NULL;
  guchar head[4096];
  gsize got = 0;
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);

  if (in != NULL)
    g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &got, NULL, NULL);
  ctype = g_content_type_guess (base, head, got, NULL);
  mime = g_content_type_get_mime_type (ctype);
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (g_strcmp0 (mime, allowed[i]) == 0)
      return g_steal_pointer (&mime);
  return g_strdup ("application/octet-stream");
}

static gboolean
same_origin_urls (const char *a,
                  const char *b)
{
  g_autoptr(GUri) ua = g_uri_parse (a, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) ub = g_uri_parse (b, G_URI_FLAGS_ENCODED, NULL);

  if (ua == NULL || ub == NULL)
    return FALSE;
  return g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         g_uri_get_port (ua) == g_uri_get_port (ub);
}

/* OPTIONS: does the server offer checksum sha256, and how large may it be? */
static gboolean
probe_options (McSyncHttp   *http,
               GUri         *endpoint,
               gint64       *max_size,
               GCancellable *cancellable)
{
  g_autoptr(McSyncResponse) r = mc_sync_http_send (http, MC_SYNC_REQUEST_TUS_OPTIONS, "OPTIONS", endpoint,
                                                   NULL, NULL, NULL, cancellable);
  const char *algos;

  *max_size = -1;
  if (r->klass != MC_SYNC_CLASS_OK)
    return FALSE;
  *max_size = header_int (r, "Tus-Max-Size");
  algos = soup_message_headers_get_one (r->headers, "Tus-Checksum-Algorithm");
  return algos != NULL && soup_header_contains (algos, "sha256");
}

static void
set_error_from (McSyncResponse *r,
                GError        **error)
{
  McSyncError code = r->klass == MC_SYNC_CLASS_UNREACHABLE ? MC_SYNC_ERROR_UNREACHABLE
                   : r->klass == MC_SYNC_CLASS_BLOCKED ? MC_SYNC_ERROR_BLOCKED
                   : MC_SYNC_ERROR_SERVER;

  if (r->klass == MC_SYNC_CLASS_CANCELLED)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    g_set_error_literal (error, MC_SYNC_ERROR, code, r->message != NULL ? r->message : _("The upload failed"));
}

char *
mc_sync_upload_file (McStore       *store,
                     const char    *url,
                     const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (path);
  g_autofree char *server = store != NULL ? mc_sync_get_server_url (store) : NULL;
  g_autofree char *token = NULL;
  g_autoptr(GTlsDatabase) ca = NULL;
  g_autoptr(McSyncHttp) http = NULL;
  g_autoptr(GUri) endpoint = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *name = g_file_get_basename (gfile);
  g_autofree char *mime = NULL;
  g_autofree char *local_path = g_file_get_path (gfile);
  g_autofree char *upload_url = NULL;
  gint64 size = 0, max_size = -1;
  gboolean checksum;
  gsize chunk;
  McTusFile file = { 0 };

  if (server != NULL && same_origin_urls (server, url))
    {
      /* Only the enrolled server ever sees its token (and its CA). */
      token = mc_sync_load_token (store, server, NULL);
      ca = mc_sync_load_ca (store, error);
      if (ca == NULL && error != NULL && *error != NULL)
        return NULL;
    }

  http = mc_sync_http_new (url, token, ca, error);
  if (http == NULL)
    return NULL;
  endpoint = mc_sync_http_resolve (http, NULL, url, error);
  if (endpoint == NULL)
    return NULL;

  sha = file_sha256 (gfile, &size, cancellable, error);
  if (sha == NULL)
    return NULL;
  mime = guess_type (gfile);

  checksum = probe_options (http, endpoint, &max_size, cancellable);
  if (max_size > 0 && size > max_size)
    {
      g_autofree char *limit = g_format_size ((guint64) max_size);

      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER,
                   _("The file is larger than the server accepts (%s)"), limit);
      return NULL;
    }

  file.sha256 = sha;
  file.path = local_path;
  file.size = size;
  file.name = name;
  file.mime_type = mime;
  chunk = mc_sync_tus_chunk_size (DEFAULT_CHUNK, -1);

  /* A cut connection is retried here a few times (resuming at the
   * server's offset); a re-run resumes too when a store keeps the URL. */
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(McSyncResponse) r = mc_sync_tus_upload (http, store, endpoint, &file, &upload_url, &chunk,
                                                        checksum, NULL, NULL, cancellable);
      if (r->klass == MC_SYNC_CLASS_OK)
        {
          /* NULL only if the server already had the file complete at HEAD. */
          return upload_url != NULL ? g_steal_pointer (&upload_url) : g_strdup (url);
        }
      if ((r->klass != MC_SYNC_CLASS_UNREACHABLE && r->klass != MC_SYNC_CLASS_TRANSIENT &&
           r->klass != MC_SYNC_CLASS_BUSY) || attempt >= 8)
        {
          set_error_from (r, error);
          return NULL;
        }
      g_usleep (MIN (mc_sync_backoff_ms (attempt, 500, 8000), 8000) * 1000);
    }
}
