/* bench-link.h — a slow link between a client and a server on loopback
 *
 * A TCP proxy in the bench's own process that delays every byte by half a
 * round trip each way, and the first bytes of a new connection by one
 * more round trip (the TCP handshake a real client waits for before it
 * can send). Bandwidth and loss are not modelled: the benches that use it
 * send small files, so what they measure is round trips. It stands in for
 * `tc qdisc … netem delay`, which needs the sch_netem kernel module.
 *
 * Per connection: two threads per direction, a reader stamping each read
 * with the time it may be delivered and a writer delivering it then, so
 * both directions and many connections overlap as on a real link.
 */
#pragma once

#include <gio/gio.h>

typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  guint16          port;
  guint16          target;
  gint64           rtt_us;
  gint             connections;   /* accepted (atomic) */
} BenchLink;

typedef struct
{
  gint64 due;     /* monotonic µs */
  gsize  len;     /* 0: the sender closed its side */
  guint8 data[];
} BenchLinkChunk;

typedef struct
{
  BenchLink         *link;
  GSocketConnection *from;
  GSocketConnection *to;
  GAsyncQueue       *queue;
  gint64             first_due;   /* earliest delivery of the first bytes */
} BenchLinkPipe;

static void
bench_link_cut (BenchLinkPipe *p)
{
  g_socket_shutdown (g_socket_connection_get_socket (p->from), TRUE, TRUE, NULL);
  g_socket_shutdown (g_socket_connection_get_socket (p->to), TRUE, TRUE, NULL);
}

static gpointer
bench_link_reader (gpointer data)
{
  BenchLinkPipe *p = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (p->from));
  gint64 last_due = p->first_due;
  guint8 buf[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);
      BenchLinkChunk *c = g_malloc (sizeof (BenchLinkChunk) + (n > 0 ? (gsize) n : 0));

      /* In order, never before what was read earlier. */
      c->due = last_due = MAX (last_due, g_get_monotonic_time () + p->link->rtt_us / 2);
      c->len = n > 0 ? (gsize) n : 0;
      if (n > 0)
        memcpy (c->data, buf, (gsize) n);
      g_async_queue_push (p->queue, c);
      if (n <= 0)
        break;
    }
  return NULL;
}

static gpointer
bench_link_writer (gpointer data)
{
  BenchLinkPipe *p = data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (p->to));
  gboolean failed = FALSE;

  for (;;)
    {
      BenchLinkChunk *c = g_async_queue_pop (p->queue);
      gint64 wait = c->due - g_get_monotonic_time ();
      gsize len = c->len;

      if (wait > 0)
        g_usleep ((gulong) wait);
      if (len == 0)
        g_socket_shutdown (g_socket_connection_get_socket (p->to), FALSE, TRUE, NULL);   /* pass the FIN on */
      else if (!failed && !g_output_stream_write_all (out, c->data, len, NULL, NULL, NULL))
        {
          failed = TRUE;   /* the receiver is gone: end both sides, keep draining */
          bench_link_cut (p);
        }
      g_free (c);
      if (len == 0)
        break;
    }
  return NULL;
}

typedef struct
{
  BenchLink         *link;
  GSocketConnection *client;
  gint64             accepted;
} BenchLinkConn;

static gpointer
bench_link_conn (gpointer data)
{
  BenchLinkConn *c = data;
  g_autoptr(GSocketClient) sc = g_socket_client_new ();
  g_autoptr(GSocketConnection) server = g_socket_client_connect_to_host (sc, "127.0.0.1", c->link->target, NULL, NULL);

  if (server != NULL)
    {
      BenchLinkPipe up = { c->link, c->client, server, g_async_queue_new (), c->accepted + c->link->rtt_us * 3 / 2 };
      BenchLinkPipe down = { c->link, server, c->client, g_async_queue_new (), 0 };
      GThread *t[4];

      t[0] = g_thread_new ("link-up-r", bench_link_reader, &up);
      t[1] = g_thread_new ("link-up-w", bench_link_writer, &up);
      t[2] = g_thread_new ("link-down-r", bench_link_reader, &down);
      t[3] = g_thread_new ("link-down-w", bench_link_writer, &down);
      for (guint i = 0; i < G_N_ELEMENTS (t); i++)
        {
          g_thread_join (t[i]);
          if (i == 1 || i == 3)
            bench_link_cut (i == 1 ? &up : &down);   /* one direction ended: a half-open link is not kept */
        }
      g_async_queue_unref (up.queue);
      g_async_queue_unref (down.queue);
      g_io_stream_close (G_IO_STREAM (server), NULL, NULL);
    }
  g_io_stream_close (G_IO_STREAM (c->client), NULL, NULL);
  g_object_unref (c->client);
  g_free (c);
  return NULL;
}

static gpointer
bench_link_accept (gpointer data)
{
  BenchLink *link = data;

  for (;;)
    {
      GSocketConnection *client = g_socket_listener_accept (link->listener, NULL, link->cancellable, NULL);
      BenchLinkConn *c;

      if (client == NULL)
        break;
      g_atomic_int_inc (&link->connections);
      c = g_new0 (BenchLinkConn, 1);
      c->link = link;
      c->client = client;
      c->accepted = g_get_monotonic_time ();
      g_thread_unref (g_thread_new ("link-conn", bench_link_conn, c));
    }
  return NULL;
}

/* A link with @rtt_ms round trips to 127.0.0.1:@target; its port: ->port. */
static BenchLink *
bench_link_start (guint16 target,
                  guint   rtt_ms)
{
  BenchLink *link = g_new0 (BenchLink, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  link->target = target;
  link->rtt_us = (gint64) rtt_ms * 1000;
  link->listener = g_socket_listener_new ();
  link->cancellable = g_cancellable_new ();
  if (!g_socket_listener_add_address (link->listener, addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, &error))
    g_error ("link: %s", error->message);
  link->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  link->thread = g_thread_new ("link", bench_link_accept, link);
  return link;
}

/* Stops accepting; connections still open end with their peers. */
static void
bench_link_stop (BenchLink *link)
{
  g_cancellable_cancel (link->cancellable);
  g_thread_join (link->thread);
  g_socket_listener_close (link->listener);
  g_object_unref (link->listener);
  g_object_unref (link->cancellable);
  g_free (link);
}
