/* bench-proxy.h — a TCP proxy on loopback for the upload benches, with hooks
 *
 * client → the proxy (in the bench's own process) → 127.0.0.1:target.
 * Per connection and direction, a reader thread reads what one side sends
 * (64 KiB at a time) and stamps it with the time it may be delivered, and
 * a writer thread delivers it then, in order, so both directions and many
 * connections overlap as on a real link. A side that ends its sending
 * (EOF) has its FIN passed on once what it sent is delivered; then the
 * whole connection is cut (a half-open link is not kept). A side that
 * cannot be written to any more cuts the connection at once.
 *
 * Hooks (each may be NULL; called from the proxy's threads):
 *  - chunk: each read, with its direction and bytes, before it is passed
 *    on (bench-sync-resend counts what the desk sends);
 *  - due: the earliest delivery (monotonic µs) of bytes read now — no
 *    hook: at once; never before what was read earlier in the same
 *    direction (the link model of bench_proxy_start_link ());
 *  - ended: which side ended a connection first, by closing it or by
 *    refusing a write (bench-sync-resend counts the server's cuts).
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

typedef enum
{
  BENCH_PROXY_UP,     /* client → server */
  BENCH_PROXY_DOWN,   /* server → client */
} BenchProxyDirection;

typedef enum
{
  BENCH_PROXY_CLIENT,
  BENCH_PROXY_SERVER,
} BenchProxySide;

typedef struct _BenchProxy BenchProxy;

typedef struct
{
  void   (*chunk) (BenchProxy *proxy, BenchProxyDirection dir, gsize len);
  gint64 (*due)   (BenchProxy *proxy, BenchProxyDirection dir, gint64 accepted);
  void   (*ended) (BenchProxy *proxy, BenchProxySide side);
} BenchProxyHooks;

struct _BenchProxy
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  guint16          port;
  guint16          target;
  BenchProxyHooks  hooks;
  gpointer         user_data;     /* the hooks' */
  gint64           rtt_us;        /* bench_proxy_start_link ()'s round trip */
  gint             connections;   /* accepted (atomic) */
};

typedef struct
{
  gint64 due;     /* monotonic µs */
  gsize  len;     /* 0: the sender closed its side */
  guint8 data[];
} BenchProxyChunk;

typedef struct
{
  BenchProxy        *proxy;
  GSocketConnection *client;
  GSocketConnection *server;
  gint64             accepted;   /* monotonic µs */
  gint               ended;      /* sides ended (atomic): the first calls the hook */
} BenchProxyConn;

typedef struct
{
  BenchProxyConn     *conn;
  BenchProxyDirection dir;
  GSocketConnection  *from;
  GSocketConnection  *to;
  GAsyncQueue        *queue;
} BenchProxyPipe;

static inline void
bench_proxy_cut (BenchProxyConn *c)
{
  g_socket_shutdown (g_socket_connection_get_socket (c->client), TRUE, TRUE, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (c->server), TRUE, TRUE, NULL);
}

static inline void
bench_proxy_side_ended (BenchProxyConn *c,
                        BenchProxySide  side)
{
  if (g_atomic_int_add (&c->ended, 1) == 0 && c->proxy->hooks.ended != NULL)
    c->proxy->hooks.ended (c->proxy, side);
}

static inline gpointer
bench_proxy_reader (gpointer data)
{
  BenchProxyPipe *p = data;
  BenchProxy *proxy = p->conn->proxy;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (p->from));
  gint64 last_due = 0;
  guint8 buf[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);
      BenchProxyChunk *c = g_malloc (sizeof (BenchProxyChunk) + (n > 0 ? (gsize) n : 0));

      if (n > 0 && proxy->hooks.chunk != NULL)
        proxy->hooks.chunk (proxy, p->dir, (gsize) n);
      /* In order, never before what was read earlier. */
      if (proxy->hooks.due != NULL)
        last_due = MAX (last_due, proxy->hooks.due (proxy, p->dir, p->conn->accepted));
      c->due = last_due;
      c->len = n > 0 ? (gsize) n : 0;
      if (n > 0)
        memcpy (c->data, buf, (gsize) n);
      else
        bench_proxy_side_ended (p->conn, p->dir == BENCH_PROXY_UP ? BENCH_PROXY_CLIENT : BENCH_PROXY_SERVER);
      g_async_queue_push (p->queue, c);
      if (n <= 0)
        break;
    }
  return NULL;
}

static inline gpointer
bench_proxy_writer (gpointer data)
{
  BenchProxyPipe *p = data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (p->to));
  gboolean failed = FALSE;

  for (;;)
    {
      BenchProxyChunk *c = g_async_queue_pop (p->queue);
      gint64 wait = c->due - g_get_monotonic_time ();
      gsize len = c->len;

      if (wait > 0)
        g_usleep ((gulong) wait);
      if (len == 0)
        {
          g_socket_shutdown (g_socket_connection_get_socket (p->to), FALSE, TRUE, NULL);   /* pass the FIN on */
          bench_proxy_cut (p->conn);   /* one direction ended: a half-open link is not kept */
        }
      else if (!failed && !g_output_stream_write_all (out, c->data, len, NULL, NULL, NULL))
        {
          failed = TRUE;   /* the receiver is gone: end both sides, keep draining */
          bench_proxy_side_ended (p->conn, p->dir == BENCH_PROXY_UP ? BENCH_PROXY_SERVER : BENCH_PROXY_CLIENT);
          bench_proxy_cut (p->conn);
        }
      g_free (c);
      if (len == 0)
        break;
    }
  return NULL;
}

static inline gpointer
bench_proxy_conn (gpointer data)
{
  BenchProxyConn *c = data;
  g_autoptr(GSocketClient) sc = g_socket_client_new ();

  c->server = g_socket_client_connect_to_host (sc, "127.0.0.1", c->proxy->target, NULL, NULL);
  if (c->server != NULL)
    {
      BenchProxyPipe up = { c, BENCH_PROXY_UP, c->client, c->server, g_async_queue_new () };
      BenchProxyPipe down = { c, BENCH_PROXY_DOWN, c->server, c->client, g_async_queue_new () };
      GThread *t[4];

      t[0] = g_thread_new ("proxy-up-r", bench_proxy_reader, &up);
      t[1] = g_thread_new ("proxy-up-w", bench_proxy_writer, &up);
      t[2] = g_thread_new ("proxy-down-r", bench_proxy_reader, &down);
      t[3] = g_thread_new ("proxy-down-w", bench_proxy_writer, &down);
      for (guint i = 0; i < G_N_ELEMENTS (t); i++)
        g_thread_join (t[i]);
      g_async_queue_unref (up.queue);
      g_async_queue_unref (down.queue);
      g_io_stream_close (G_IO_STREAM (c->server), NULL, NULL);
      g_object_unref (c->server);
    }
  g_io_stream_close (G_IO_STREAM (c->client), NULL, NULL);
  g_object_unref (c->client);
  g_free (c);
  return NULL;
}

static inline gpointer
bench_proxy_accept (gpointer data)
{
  BenchProxy *proxy = data;

  for (;;)
    {
      GSocketConnection *client = g_socket_listener_accept (proxy->listener, NULL, proxy->cancellable, NULL);
      BenchProxyConn *c;

      if (client == NULL)
        break;
      g_atomic_int_inc (&proxy->connections);
      c = g_new0 (BenchProxyConn, 1);
      c->proxy = proxy;
      c->client = client;
      c->accepted = g_get_monotonic_time ();
      g_thread_unref (g_thread_new ("proxy-conn", bench_proxy_conn, c));
    }
  return NULL;
}

static inline BenchProxy *
bench_proxy_start_full (guint16                target,
                        const BenchProxyHooks *hooks,
                        gpointer               user_data,
                        gint64                 rtt_us)
{
  BenchProxy *proxy = g_new0 (BenchProxy, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  proxy->target = target;
  if (hooks != NULL)
    proxy->hooks = *hooks;
  proxy->user_data = user_data;
  proxy->rtt_us = rtt_us;
  proxy->listener = g_socket_listener_new ();
  proxy->cancellable = g_cancellable_new ();
  if (!g_socket_listener_add_address (proxy->listener, addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, &error))
    g_error ("proxy: %s", error->message);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->thread = g_thread_new ("proxy", bench_proxy_accept, proxy);
  return proxy;
}

/* A proxy to 127.0.0.1:@target on a port of its own (->port), calling
 * @hooks (copied; nullable) with ->user_data = @user_data. */
static inline BenchProxy *
bench_proxy_start (guint16                target,
                   const BenchProxyHooks *hooks,
                   gpointer               user_data)
{
  return bench_proxy_start_full (target, hooks, user_data, 0);
}

/* Stops accepting; connections still open end with their peers. */
static inline void
bench_proxy_stop (BenchProxy *proxy)
{
  g_cancellable_cancel (proxy->cancellable);
  g_thread_join (proxy->thread);
  g_socket_listener_close (proxy->listener);
  g_object_unref (proxy->listener);
  g_object_unref (proxy->cancellable);
  g_free (proxy);
}

/* ---- a slow link ----------------------------------------------------------
 * Every byte is delayed by half a round trip each way, and the first bytes
 * of a new connection by one more round trip (the TCP handshake a real
 * client waits for before it can send). Bandwidth and loss are not
 * modelled: the benches that use it send small files, so what they
 * measure is round trips. It stands in for `tc qdisc … netem delay`,
 * which needs the sch_netem kernel module. */

static inline gint64
bench_proxy_link_due (BenchProxy          *proxy,
                      BenchProxyDirection  dir,
                      gint64               accepted)
{
  gint64 due = g_get_monotonic_time () + proxy->rtt_us / 2;

  if (dir == BENCH_PROXY_UP)
    due = MAX (due, accepted + proxy->rtt_us * 3 / 2);
  return due;
}

/* A link with @rtt_ms round trips to 127.0.0.1:@target; its port: ->port. */
static inline BenchProxy *
bench_proxy_start_link (guint16 target,
                        guint   rtt_ms)
{
  static const BenchProxyHooks link = { .due = bench_proxy_link_due };

  return bench_proxy_start_full (target, &link, NULL, (gint64) rtt_ms * 1000);
}
