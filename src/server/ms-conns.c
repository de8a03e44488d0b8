/* ms-conns.c — closing connections whose client has gone
 *
 * libsoup 3.2 does not notice a client closing an idle keep-alive
 * connection (fixed in a later release): each such connection stayed in
 * CLOSE-WAIT for good, and with `ulimit -n 256` the server stopped
 * answering after about 250 requests. Every connection a request came on
 * is kept here; every second, one with no request in flight whose peer
 * has closed (end of stream, hang-up or error) is closed.
 *
 * libsoup 3.2 also closed the connection after every 204 (each tus
 * PATCH, OPTIONS) without a "Connection: close": writing the head, it
 * drops the Content-Length a 204 must not carry, the response then reads
 * as ended by EOF and soup_server_message_is_keepalive () says no. A
 * client keeping the connection sent its next request into a closed
 * socket and got "Connection reset by peer" (curl, bench-sync-goodput).
 * Once the head is out, the answer is marked as having no body, which it
 * has: the connection stays open unless a side asked for the close (in
 * ms-http.c, on_wrote_headers_cb, where --fault close=204 can bring the
 * old behaviour back for tests).
 *
 * The listening socket is made here too, with a backlog for bursts.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <sys/socket.h>

#include "ms-server.h"

#define REAP_INTERVAL_SECONDS 1

typedef struct
{
  GSocket *socket;
  guint    in_flight;
} Conn;

static void
conn_free (Conn *conn)
{
  g_object_unref (conn->socket);
  g_free (conn);
}

static gboolean
peer_has_closed (GSocket *socket)
{
  GIOCondition cond = g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
  char byte;

  if (cond & (G_IO_HUP | G_IO_ERR))
    return TRUE;
  if ((cond & G_IO_IN) == 0)
    return FALSE;
  /* Readable: either the next request, or the end of the stream. */
  return recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static gboolean
on_reap_cb (gpointer user_data)
{
  MsServer *server = user_data;
  GHashTableIter iter;
  Conn *conn;

  g_hash_table_iter_init (&iter, server->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (g_socket_is_closed (conn->socket))
        g_hash_table_iter_remove (&iter);
      else if (conn->in_flight == 0 && peer_has_closed (conn->socket))
        {
          g_debug ("closing a connection its client has closed");
          g_socket_close (conn->socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }
  return G_SOURCE_CONTINUE;
}

void
ms_conns_init (MsServer *server)
{
  server->conns = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) conn_free);
  server->conns_source = g_timeout_add_seconds (REAP_INTERVAL_SECONDS, on_reap_cb, server);
}

void
ms_conns_clear (MsServer *server)
{
  g_clear_handle_id (&server->conns_source, g_source_remove);
  g_clear_pointer (&server->conns, g_hash_table_unref);
}

void
ms_conns_request_started (MsServer          *server,
                          SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Conn *conn;

  if (socket == NULL || server->conns == NULL)
    return;
  conn = g_hash_table_lookup (server->conns, socket);
  if (conn == NULL)
    {
      conn = g_new0 (Conn, 1);
      conn->socket = g_object_ref (socket);
      g_hash_table_insert (server->conns, socket, conn);
      g_debug ("new connection (%u open)", g_hash_table_size (server->conns));
    }
  conn->in_flight++;
}

void
ms_conns_request_finished (MsServer          *server,
                           SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Conn *conn;

  if (socket == NULL || server->conns == NULL)
    return;
  conn = g_hash_table_lookup (server->conns, socket);
  if (conn != NULL && conn->in_flight > 0)
    conn->in_flight--;
}

/* soup_server_listen () keeps GSocket's backlog of 10: a burst of 1 000
 * clients (a province's desks after an outage) had 11-18 % of them
 * reset. The kernel caps it at net.core.somaxconn. */
#define LISTEN_BACKLOG 4096

GSocket *
ms_listen_socket (GSocketAddress  *address,
                  GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}
