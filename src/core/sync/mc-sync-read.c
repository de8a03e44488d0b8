/* mc-sync-read.c — a server's answer read with its size capped while reading
 *
 * soup_session_send_and_read () keeps every byte a server sends before
 * anyone can look at the size: a hostile or broken server (or a gzip
 * bomb through the session's content decoder) could make the desk
 * allocate without limit. Here Content-Length is checked first and the
 * body is counted as it arrives; past the cap the read stops and the
 * connection is dropped.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-sync-private.h"

#define READ_BLOCK (64 * 1024)

static gboolean
too_large (gsize    cap,
           GError **error)
{
  g_autofree char *limit = g_format_size (cap);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("the server's answer is larger than %s, more than any MotCua server sends"), limit);
  return FALSE;
}

GBytes *
mc_sync_send_and_read_bounded (SoupSession   *session,
                               SoupMessage   *msg,
                               gsize          cap,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) data = NULL;
  SoupMessageHeaders *headers;
  g_autoptr(GError) local = NULL;

  stream = soup_session_send (session, msg, cancellable, error);
  if (stream == NULL)
    return NULL;

  headers = soup_message_get_response_headers (msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) cap)
    {
      /* Not read at all: closing it before its end drops the connection. */
      g_input_stream_close (stream, NULL, NULL);
      too_large (cap, error);
      return NULL;
    }

  data = g_byte_array_new ();
  for (;;)
    {
      gsize room = MIN ((gsize) READ_BLOCK, cap + 1 - data->len);
      guint old = data->len;
      gssize n;

      g_byte_array_set_size (data, old + room);
      n = g_input_stream_read (stream, data->data + old, room, cancellable, &local);
      g_byte_array_set_size (data, old + MAX (n, 0));
      if (n < 0)
        {
          g_input_stream_close (stream, NULL, NULL);
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len > cap)
        {
          g_input_stream_close (stream, NULL, NULL);
          too_large (cap, error);
          return NULL;
        }
    }
  if (!g_input_stream_close (stream, cancellable, &local))
    g_debug ("closing the answer: %s", local->message);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}
