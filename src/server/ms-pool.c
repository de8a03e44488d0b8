/* ms-pool.c — the workers: requests served side by side
 *
 * libsoup stays on the main loop: it reads requests, and every call on a
 * SoupServerMessage happens there. A request with storage work (a dossier
 * or action PUT, a GET of a dossier or of the change feed, a tus POST or
 * the end of a PATCH) is paused, its inputs copied into an MsJob, and the
 * job run by one of a bounded number of worker threads. Each worker has its
 * own SQLite connection: in WAL, readers never wait for the writer, and
 * writers take turns on one process-wide lock (ms-db.c), so a commit with
 * its fsync no longer holds up everything else. The answer comes back to
 * the main loop, which sets it on the message and unpauses it.
 *
 * With --workers 0, a job runs at once on the main thread with the main
 * connection: one request at a time, as before (the benchmark's baseline).
 *
 * A read (GET of a dossier or of the change feed) that comes while no job
 * is in flight also runs at once on the main thread, as the token lookup
 * and the HEADs do: nothing waits behind it, and handing it over costs two
 * thread wake-ups and a main-loop iteration (≈ 0.1 ms) for nothing. In
 * WAL a read never waits for a writer, so a busy pool never holds it up.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include "ms-forward.h"
#include "ms-server.h"

/* A worker held by --fault hold=FILE gives up after this long. */
#define HOLD_MAX_US (120 * G_USEC_PER_SEC)

struct _MsPool
{
  GThreadPool *threads;
  GAsyncQueue *dbs;        /* sqlite3*: one per worker */
  guint        n_dbs;
  guint        in_flight;  /* jobs handed to the workers, not yet finished (main thread) */
};

static void
job_free (MsJob *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->msg);
  ms_station_free (job->station);
  g_free (job->arg1);
  g_free (job->arg2);
  g_clear_pointer (&job->headers, soup_message_headers_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_pointer (&job->query, g_hash_table_unref);
  ms_answer_clear (&job->answer);
  g_free (job);
}

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static MsJob *
job_new (MsServer          *server,
         SoupServerMessage *msg)
{
  MsRequest *req = ms_request_get (msg);
  MsJob *job = g_new0 (MsJob, 1);
  GHashTable *query = NULL;
  const char *text;

  job->server = server;
  job->msg = g_object_ref (msg);
  if (req->station != NULL)
    {
      job->station = g_new0 (MsStation, 1);
      *job->station = *req->station;
      job->station->name = g_strdup (req->station->name);
      job->station->agency_code = g_strdup (req->station->agency_code);
      job->station->agency_name = g_strdup (req->station->agency_name);
    }
  job->arg1 = g_strdup (req->arg1);
  job->arg2 = g_strdup (req->arg2);
  job->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header_cb, job->headers);
  if (g_str_equal (req->method, "PUT"))
    job->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  /* Only GET /changes reads its query: since and limit. */
  query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  text = g_uri_get_query (soup_server_message_get_uri (msg));
  if (text != NULL)
    {
      g_autoptr(GHashTable) parsed = soup_form_decode (text);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, parsed);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (query, g_strdup (key), g_strdup (value));
    }
  job->query = query;
  ms_answer_init (&job->answer, g_str_equal (req->method, "HEAD"));
  return job;
}

/* Main thread: the job's answer goes out. */
static void
job_finish (MsJob *job)
{
  MsRequest *req = ms_request_get (job->msg);

  if (job->done != NULL)
    job->done (job);
  if (job->kick_forward)
    ms_forward_kick (job->server->forward);
  if (req != NULL && !req->finished)
    {
      ms_answer_send (&job->answer, job->msg);
      if (req->async)
        soup_server_message_unpause (job->msg);
    }
  job_free (job);
}

static gboolean
job_finish_cb (gpointer data)
{
  MsJob *job = data;

  job->server->pool->in_flight--;
  job_finish (job);
  return G_SOURCE_REMOVE;
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  MsJob *job = data;
  MsPool *pool = user_data;
  sqlite3 *db = g_async_queue_pop (pool->dbs);

  job->func (job, db);
  g_async_queue_push (pool->dbs, db);
  g_main_context_invoke (NULL, job_finish_cb, job);
}

gboolean
ms_pool_start (MsServer  *server,
               GError   **error)
{
  MsPool *pool;

  if (server->workers == 0)
    return TRUE;
  pool = g_new0 (MsPool, 1);
  pool->dbs = g_async_queue_new ();
  server->pool = pool;
  for (guint i = 0; i < server->workers; i++)
    {
      sqlite3 *db = ms_db_connect (server->data_dir, error);

      if (db == NULL)
        return FALSE;
      g_async_queue_push (pool->dbs, db);
      pool->n_dbs++;
    }
  pool->threads = g_thread_pool_new (worker_cb, pool, (gint) server->workers, TRUE, error);
  return pool->threads != NULL;
}

/* Waits for the jobs under way (their commits happen; their answers, with
 * the main loop stopped, do not). */
void
ms_pool_stop (MsServer *server)
{
  MsPool *pool = server->pool;

  if (pool == NULL)
    return;
  if (pool->threads != NULL)
    g_thread_pool_free (pool->threads, FALSE, TRUE);
  for (guint i = 0; i < pool->n_dbs; i++)
    ms_db_close (g_async_queue_pop (pool->dbs));
  g_async_queue_unref (pool->dbs);
  g_free (pool);
  server->pool = NULL;
}

void
ms_pool_run (MsServer          *server,
             SoupServerMessage *msg,
             MsJobFunc          func,
             MsJobDone          done,
             gpointer           data,
             GDestroyNotify     data_free)
{
  MsRequest *req = ms_request_get (msg);
  MsJob *job = job_new (server, msg);

  job->func = func;
  job->done = done;
  job->data = data;
  job->data_free = data_free;
  if (server->pool == NULL || (server->pool->in_flight == 0 && g_str_equal (req->method, "GET")))
    {
      func (job, server->db);
      job_finish (job);
      return;
    }
  server->pool->in_flight++;
  req->async = TRUE;
  soup_server_message_pause (msg);
  g_thread_pool_push (server->pool->threads, job, NULL);
}

/* --fault hold=FILE: while FILE exists, a dossier or action PUT waits
 * inside its transaction, holding the write lock, and the end of a tus
 * PATCH waits before its checksum; FILE.held says one is waiting. For the
 * tests: a slow writer, made deterministic. */
void
ms_pool_fault_hold (MsServer *server)
{
  g_autofree char *held = NULL;
  gint64 deadline;

  if (server->fault_hold == NULL || !g_file_test (server->fault_hold, G_FILE_TEST_EXISTS))
    return;
  held = g_strconcat (server->fault_hold, ".held", NULL);
  g_file_set_contents (held, "", 0, NULL);
  deadline = g_get_monotonic_time () + HOLD_MAX_US;
  while (g_file_test (server->fault_hold, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
}
